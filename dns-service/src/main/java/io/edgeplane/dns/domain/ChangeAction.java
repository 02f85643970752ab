package io.edgeplane.dns.domain;

/** Route 53 change actions. CREATE fails when the record exists, which is what keeps foreign records safe. */
public enum ChangeAction {
    CREATE, UPSERT, DELETE;

    /** Route 53 counts every value and character of an UPSERT twice against the batch limits. */
    public int weight() {
        return this == UPSERT ? 2 : 1;
    }
}
