package io.edgeplane.distributor.messaging;

import io.edgeplane.distributor.service.DataDistribution;
import io.edgeplane.events.DataFetched;
import io.edgeplane.events.EventType;
import io.edgeplane.platform.messaging.EventDecoder;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Thin transport edge for DataFetched: decode and validate, then hand over to the distribution. A record
 * that breaks the contract escapes as InvalidEventException and is dead-lettered with the reason. The
 * record is acknowledged when this method returns, i.e. after the copies were made and FilesDistributed
 * was acknowledged by the broker; per-file copy failures are reported in that event, not thrown.
 */
@ApplicationScoped
public class DataFetchedConsumer {
    private static final Logger LOG = Logger.getLogger(DataFetchedConsumer.class);

    @Inject
    EventDecoder decoder;

    @Inject
    DataDistribution distribution;

    @Inject
    AnnouncementMemory announcements;

    @Incoming(DistributorChannels.DATA_FETCHED)
    @Blocking(ordered = true)
    public void consume(ConsumerRecord<String, byte[]> record) {
        var event = decoder.decode(record, EventType.DATA_FETCHED);
        LOG.debugf("Received %s %s for %s", event.type().ceType(), event.id(), event.key());
        announcements.awaitReadBack(); // a replay after a restart must be recognised
        distribution.distribute(event.id(), (DataFetched) event.data());
    }
}
