package io.edgeplane.dns.domain;

/** GetChange: PENDING until every Route 53 name server answers with the change, then INSYNC. */
public enum ChangeStatus {
    PENDING, INSYNC
}
