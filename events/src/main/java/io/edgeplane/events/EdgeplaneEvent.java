package io.edgeplane.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * The data of an Edgeplane CloudEvent. Implementations are immutable records named in the past
 * tense; the envelope (id, source, type, time) travels in {@code ce_*} headers.
 */
public interface EdgeplaneEvent {

    /** Ids of the events that caused this one, so a freshness or provisioning time can be traced end to end. */
    List<String> causedBy();

    /** The Kafka record key: the entity whose events must stay in order. */
    @JsonIgnore
    String key();

    /** Adds a violation for every field that breaks a rule of the contract. */
    void check(Constraints constraints);
}
