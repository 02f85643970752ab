package io.edgeplane.dns.messaging;

import io.edgeplane.dns.service.TenantDnsService;
import io.edgeplane.platform.budget.AccountBudgets;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * The tenant-lifecycle channel's rebalance listener ({@code mp.messaging.incoming.tenant-lifecycle.
 * consumer-rebalance-listener.name=dns-tenant-lifecycle}): the partitions this replica holds decide whose
 * distribution-tenant waits and clean-ups it runs (see {@link TenantDnsService#partitionsAssigned}), and its share of
 * the account's CloudFront read budget ({@link AccountBudgets}, which this channel cannot name as its listener
 * too). Called on the consumer's thread, so it only records the change and hands the work over.
 */
@ApplicationScoped
@Identifier(TenantLifecycleRebalance.LISTENER)
public class TenantLifecycleRebalance implements KafkaConsumerRebalanceListener {
    public static final String LISTENER = "dns-tenant-lifecycle";
    private static final Logger LOG = Logger.getLogger(TenantLifecycleRebalance.class);

    @Inject
    TenantDnsService tenants;

    @Inject
    AccountBudgets budgets;

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        budgets.onPartitionsAssigned(consumer, partitions);
        if (partitions.isEmpty()) {
            return; // cooperative rebalances report "nothing new" too
        }
        try {
            var all = consumer.partitionsFor(partitions.iterator().next().topic());
            tenants.partitionsAssigned(numbers(partitions), all == null ? 0 : all.size());
        } catch (RuntimeException e) {
            LOG.errorf(e, "Taking up the waits and clean-ups of %s failed", partitions);
        }
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        budgets.onPartitionsRevoked(consumer, partitions); // the share shrinks before another replica may grow
        released(partitions);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        budgets.onPartitionsLost(consumer, partitions);
        released(partitions);
    }

    private void released(Collection<TopicPartition> partitions) {
        try {
            tenants.partitionsRevoked(numbers(partitions));
        } catch (RuntimeException e) {
            LOG.errorf(e, "Giving up the waits and clean-ups of %s failed", partitions);
        }
    }

    private static Set<Integer> numbers(Collection<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::partition).collect(Collectors.toUnmodifiableSet());
    }
}
