import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Waits until a Kafka broker answers a real metadata request, then creates the topics that are
 * missing. Used by scripts/infra-up as a single-file program on the broker's own classpath:
 *
 * <pre>
 * java -cp "$(cat kafka-broker/target/kafka-classpath.txt)" scripts/KafkaTopics.java \
 *     BOOTSTRAP TIMEOUT_SECONDS [--partitions N] [--watch-pid PID] TOPIC...
 * </pre>
 *
 * <p>Readiness and topic creation share one JVM because a JVM start-up costs seconds of CPU on a
 * small machine. With {@code --watch-pid} the wait ends at once when the broker process exits,
 * instead of running out the timeout.
 *
 * <p>Exit codes: 0 ready and every topic exists; 1 usage; 2 no answer within the timeout; 3 the
 * watched process exited; 4 a topic could not be created.
 */
public class KafkaTopics {

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 2) {
            System.err.println(
                    "usage: KafkaTopics BOOTSTRAP TIMEOUT_SECONDS [--partitions N] [--watch-pid PID] TOPIC...");
            System.exit(1);
        }
        String bootstrap = args[0];
        Duration timeout = Duration.ofSeconds(Long.parseLong(args[1]));
        int partitions = 3;
        Long watchPid = null;
        List<String> topics = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--partitions" -> partitions = Integer.parseInt(args[++i]);
                case "--watch-pid" -> watchPid = Long.parseLong(args[++i]);
                default -> topics.add(args[i]);
            }
        }

        Instant start = Instant.now();
        Instant deadline = start.plus(timeout);
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "pgvault-infra-up");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, "100");
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");

        try (Admin admin = Admin.create(config)) {
            Set<String> existing = awaitMetadata(admin, bootstrap, deadline, watchPid, timeout);
            DescribeClusterResult cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000));
            String clusterId = valueOrNull(() -> cluster.clusterId().get(3, TimeUnit.SECONDS));
            System.out.printf("ready at %s after %.1f s (cluster id %s)%n",
                    bootstrap, Duration.between(start, Instant.now()).toMillis() / 1000.0, clusterId);

            List<String> missing = new ArrayList<>(topics);
            missing.removeAll(existing);
            Set<String> created = createTopics(admin, missing, partitions, deadline, watchPid);
            Set<String> present = new TreeSet<>(topics);
            present.removeAll(created);
            System.out.printf("topics: %d created%s, %d already there%n",
                    created.size(), created.isEmpty() ? "" : " " + created, present.size());
        }
    }

    private static Set<String> awaitMetadata(
            Admin admin, String bootstrap, Instant deadline, Long watchPid, Duration timeout)
            throws InterruptedException {
        Throwable last = null;
        while (true) {
            checkAlive(watchPid);
            try {
                return admin.listTopics(new ListTopicsOptions().timeoutMs(3000)).names().get();
            } catch (ExecutionException e) {
                last = e.getCause();
            }
            if (Instant.now().isAfter(deadline)) {
                System.err.printf("no answer from a Kafka broker at %s within %d s (last error: %s)%n",
                        bootstrap, timeout.toSeconds(), describe(last));
                System.exit(2);
            }
            Thread.sleep(200);
        }
    }

    /** Creates topics, retrying while the freshly started controller is not ready for them. */
    private static Set<String> createTopics(
            Admin admin, List<String> names, int partitions, Instant deadline, Long watchPid)
            throws InterruptedException {
        Set<String> created = new TreeSet<>();
        List<String> todo = new ArrayList<>(names);
        while (!todo.isEmpty()) {
            checkAlive(watchPid);
            List<NewTopic> request = todo.stream().map(t -> new NewTopic(t, partitions, (short) 1)).toList();
            var result = admin.createTopics(request, new CreateTopicsOptions().timeoutMs(5000)).values();
            List<String> retry = new ArrayList<>();
            Throwable lastRetriable = null;
            for (String topic : todo) {
                try {
                    result.get(topic).get();
                    created.add(topic);
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof TopicExistsException) {
                        continue; // created concurrently by someone else: fine
                    }
                    if (cause instanceof RetriableException) {
                        retry.add(topic);
                        lastRetriable = cause;
                        continue;
                    }
                    System.err.printf("could not create topic %s: %s%n", topic, describe(cause));
                    System.exit(4);
                }
            }
            if (!retry.isEmpty() && Instant.now().isAfter(deadline)) {
                System.err.printf("could not create topics %s in time (last error: %s)%n", retry, describe(lastRetriable));
                System.exit(4);
            }
            if (!retry.isEmpty()) {
                Thread.sleep(300);
            }
            todo = retry;
        }
        return created;
    }

    private static void checkAlive(Long pid) {
        if (pid != null && !isAlive(pid)) {
            System.err.printf("the broker process (pid %d) exited%n", pid);
            System.exit(3);
        }
    }

    /** A zombie (exited, not yet reaped by the script that started it) counts as dead. */
    private static boolean isAlive(long pid) {
        if (!Files.exists(Path.of("/proc/self/stat"))) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static String describe(Throwable t) {
        return t == null ? "none" : t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private interface Call<T> {
        T get() throws Exception;
    }

    private static <T> T valueOrNull(Call<T> call) {
        try {
            return call.get();
        } catch (Exception e) {
            return null;
        }
    }
}
