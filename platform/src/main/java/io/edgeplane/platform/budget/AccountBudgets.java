package io.edgeplane.platform.budget;

import io.edgeplane.platform.messaging.MetricNames;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The account budgets of this service and the rebalance listener that keeps their shares current. A channel whose
 * records drive AWS calls names it: {@code mp.messaging.incoming.<channel>.consumer-rebalance-listener.name=
 * edgeplane-budgets}. Each budget follows the consumers subscribed to its topic and ignores the others.
 *
 * <p>Meters per budget (tag {@code budget}): {@code edgeplane_<service>_budget_share_ratio} (this replica's part),
 * {@code edgeplane_<service>_budget_limit_requests_per_second} (this replica's pace) and
 * {@code edgeplane_<service>_budget_requests_total} (slots taken). Summed over replicas, the pace never exceeds
 * the account's limit.
 */
@ApplicationScoped
@Default // injectable as is; the identifier is how SmallRye finds the rebalance listener
@Identifier(AccountBudgets.LISTENER)
public class AccountBudgets implements KafkaConsumerRebalanceListener {
    public static final String LISTENER = "edgeplane-budgets";
    private static final Logger LOG = Logger.getLogger(AccountBudgets.class);

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "quarkus.application.name")
    String applicationName;

    private final Map<String, AccountBudget> budgets = new ConcurrentHashMap<>();
    /** The latest assignment seen per subscribed topic, for budgets registered after it (beans are lazy). */
    private final Map<String, Assignment> latest = new ConcurrentHashMap<>();

    /** Handlers told which partitions of their topic this replica gives up. */
    private final Map<String, List<Release>> releases = new ConcurrentHashMap<>();

    private record Assignment(Set<TopicPartition> held, int partitions) {
    }

    /**
     * Work taken from partitions that this replica gives up: a handler drops what it queued from them and stops
     * settling what it had in flight, because the partitions' next owner replays everything not yet committed.
     * Called on the consumer's thread, after the commit of what was acknowledged and before the partitions can be
     * assigned elsewhere (eager assignors give up every partition at each rebalance).
     */
    @FunctionalInterface
    public interface Release {
        void released(Set<TopicPartition> partitions);
    }

    /** Registers a handler for the partitions of {@code topic} this replica gives up (revoked or lost). */
    public void onRelease(String topic, Release handler) {
        releases.computeIfAbsent(topic, t -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(handler);
    }

    /** Returns the budget of that name, creating it (and its meters) the first time. */
    public AccountBudget register(String name, String topic, double accountLimit) {
        return register(name, topic, accountLimit, null);
    }

    /** As {@link #register(String, String, double)}, counting only the partitions that carry work. */
    public synchronized AccountBudget register(String name, String topic, double accountLimit,
            java.util.function.IntFunction<Set<Integer>> working) {
        return budgets.computeIfAbsent(name, n -> {
            AccountBudget budget = new AccountBudget(n, topic, accountLimit, working);
            List<io.micrometer.core.instrument.Tag> tags = List.of(io.micrometer.core.instrument.Tag.of("budget", n));
            Gauge.builder(MetricNames.of(applicationName, "budget.share.ratio"), budget, b -> b.share().fraction())
                    .tags(tags).description("This replica's part of the account-wide budget (its partitions of "
                            + topic + " / all of them)").register(registry);
            Gauge.builder(MetricNames.of(applicationName, "budget.limit.requests.per.second"), budget,
                    AccountBudget::rate).tags(tags)
                    .description("Requests per second this replica may send under the account-wide budget")
                    .register(registry);
            FunctionCounter.builder(MetricNames.of(applicationName, "budget.requests"), budget,
                    AccountBudget::acquired).tags(tags)
                    .description("Requests sent under the account-wide budget").register(registry);
            // The channel's consumer may have been given its partitions before this budget's first user existed.
            Assignment known = latest.get(topic);
            if (known != null) {
                budget.reassign(budget.shareOf(known.held(), known.partitions()));
            }
            return budget;
        });
    }

    /**
     * Whether this replica holds the partition now; true when its topic's consumer does not report to this
     * listener (nothing is known, so nothing is refused).
     */
    public boolean holds(TopicPartition partition) {
        Assignment known = latest.get(partition.topic());
        return known == null || known.held().contains(partition);
    }

    public Collection<AccountBudget> all() {
        return budgets.values();
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        changed(consumer, Set.of());
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        changed(consumer, partitions);
        release(partitions);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        changed(consumer, partitions);
        release(partitions);
    }

    private void release(Collection<TopicPartition> partitions) {
        Map<String, Set<TopicPartition>> byTopic = new java.util.TreeMap<>();
        partitions.forEach(tp -> byTopic.computeIfAbsent(tp.topic(), t -> new HashSet<>()).add(tp));
        byTopic.forEach((topic, leaving) -> {
            for (Release handler : releases.getOrDefault(topic, List.of())) {
                try {
                    handler.released(Set.copyOf(leaving));
                } catch (RuntimeException e) {
                    LOG.errorf(e, "Releasing %s failed", leaving);
                }
            }
        });
    }

    private synchronized void changed(Consumer<?, ?> consumer, Collection<TopicPartition> leaving) {
        Set<TopicPartition> held = new HashSet<>(consumer.assignment());
        held.removeAll(leaving);
        for (String topic : consumer.subscription()) {
            var partitions = consumer.partitionsFor(topic);
            latest.put(topic, new Assignment(Set.copyOf(held), partitions == null ? 0 : partitions.size()));
        }
        reassign(budgets.values(), consumer, consumer.assignment(), leaving);
    }

    /**
     * Recomputes every budget driven by a topic this consumer subscribes to. A revocation is subtracted before
     * the partitions can be assigned elsewhere, which is what keeps the replicas' sum within the account limit.
     */
    static void reassign(Collection<AccountBudget> budgets, Consumer<?, ?> consumer,
            Collection<TopicPartition> assignment, Collection<TopicPartition> leaving) {
        Set<TopicPartition> held = new HashSet<>(assignment);
        held.removeAll(leaving);
        Set<String> subscribed = consumer.subscription();
        for (AccountBudget budget : budgets) {
            if (!subscribed.contains(budget.topic())) {
                continue;
            }
            var partitions = consumer.partitionsFor(budget.topic());
            BudgetShare share = budget.shareOf(held, partitions == null ? 0 : partitions.size());
            if (!share.equals(budget.share())) {
                LOG.infof("Budget %s: this replica now holds %d of %d partitions of %s, %.2f of %.2f requests/s",
                        budget.name(), share.assigned(), share.total(), budget.topic(),
                        budget.accountLimit() * share.fraction(), budget.accountLimit());
            }
            budget.reassign(share);
        }
    }
}
