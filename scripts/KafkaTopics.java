import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Waits until a Kafka broker answers a real metadata request to the admin (SASL/SCRAM-SHA-512), then
 * creates the topics that are missing, sets each service principal's SCRAM password, makes the ACLs
 * exactly those given (missing ones created, other ACLs of these principals removed), and checks that
 * every principal can log in. Used by scripts/infra-up as a single-file program on the broker's own
 * classpath:
 *
 * <pre>
 * java -cp "$(cat kafka-broker/target/kafka-classpath.txt)" scripts/KafkaTopics.java \
 *     BOOTSTRAP TIMEOUT_SECONDS --secrets DIR [--partitions N] [--watch-pid PID] \
 *     [--principal NAME --writes TOPIC,... --reads TOPIC,...]... TOPIC...
 * </pre>
 *
 * <p>Passwords are read from {@code DIR/kafka-<principal>.password} (admin's too), never taken from
 * the command line. A principal reads in the consumer group of its own name. Idempotent: run again,
 * it changes nothing but the SCRAM salts.
 *
 * <p>Readiness and set-up share one JVM because a JVM start-up costs seconds of CPU on a small
 * machine. With {@code --watch-pid} the wait ends at once when the broker process exits, instead of
 * running out the timeout.
 *
 * <p>Exit codes: 0 ready and set up; 1 usage; 2 no answer within the timeout; 3 the watched process
 * exited; 4 a topic, user or ACL could not be set up; 5 the broker refuses the admin's password.
 */
public class KafkaTopics {

    private static final String ADMIN = "admin";
    private static final String USAGE = "usage: KafkaTopics BOOTSTRAP TIMEOUT_SECONDS --secrets DIR [--partitions N]"
            + " [--watch-pid PID] [--principal NAME --writes TOPIC,... --reads TOPIC,...]... TOPIC...";
    /** How long the broker may refuse the admin's password before that counts as final (it may still be loading). */
    private static final Duration AUTH_GRACE = Duration.ofSeconds(10);

    /** What one service principal may do. */
    private record Grant(String principal, List<String> writes, List<String> reads) {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 2) {
            System.err.println(USAGE);
            System.exit(1);
        }
        String bootstrap = args[0];
        Duration timeout = Duration.ofSeconds(Long.parseLong(args[1]));
        int partitions = 3;
        Long watchPid = null;
        Path secrets = null;
        List<String> topics = new ArrayList<>();
        Map<String, Grant> grants = new LinkedHashMap<>();
        String current = null;
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--partitions" -> partitions = Integer.parseInt(args[++i]);
                case "--watch-pid" -> watchPid = Long.parseLong(args[++i]);
                case "--secrets" -> secrets = Path.of(args[++i]);
                case "--principal" -> {
                    current = args[++i];
                    grants.put(current, new Grant(current, List.of(), List.of()));
                }
                case "--writes", "--reads" -> {
                    if (current == null) {
                        System.err.println(args[i] + " before any --principal; " + USAGE);
                        System.exit(1);
                    }
                    Grant g = grants.get(current);
                    List<String> list = csv(args[++i]);
                    grants.put(current, args[i - 1].equals("--writes")
                            ? new Grant(current, list, g.reads()) : new Grant(current, g.writes(), list));
                }
                default -> topics.add(args[i]);
            }
        }
        if (secrets == null) {
            System.err.println(USAGE);
            System.exit(1);
        }

        Instant start = Instant.now();
        Instant deadline = start.plus(timeout);
        Map<String, String> passwords = new LinkedHashMap<>();
        passwords.put(ADMIN, password(secrets, ADMIN));
        for (String principal : grants.keySet()) {
            passwords.put(principal, password(secrets, principal));
        }

        try (Admin admin = Admin.create(config(bootstrap, ADMIN, passwords.get(ADMIN), "pgvault-infra-up"))) {
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

            setPasswords(admin, grants.keySet(), passwords);
            setAcls(admin, grants.values(), deadline);
            awaitLogins(bootstrap, passwords, deadline, watchPid);
            System.out.printf("principals: %s (super user), %s log in with SCRAM-SHA-512%n",
                    ADMIN, String.join(", ", grants.keySet()));
        }
    }

    private static Properties config(String bootstrap, String user, String password, String clientId) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, "100");
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
        config.put(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        config.put("sasl.mechanism", "SCRAM-SHA-512");
        config.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        return config;
    }

    private static String password(Path secrets, String principal) {
        Path file = secrets.resolve("kafka-" + principal + ".password");
        try {
            String password = Files.readString(file).trim();
            if (password.isEmpty()) {
                throw new IOException("empty");
            }
            return password;
        } catch (IOException e) {
            System.err.printf("cannot read the password of Kafka principal %s from %s (%s)%n", principal, file, e.getMessage());
            System.exit(1);
            return null;
        }
    }

    private static List<String> csv(String value) {
        return Arrays.stream(value.split("[,\\s]+")).filter(t -> !t.isEmpty()).toList();
    }

    /** Upserts each principal's SCRAM credential from its password file (a new salt each run). */
    private static void setPasswords(Admin admin, Collection<String> principals, Map<String, String> passwords) {
        List<UserScramCredentialAlteration> upserts = new ArrayList<>();
        for (String principal : principals) {
            upserts.add(new UserScramCredentialUpsertion(principal,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), passwords.get(principal)));
        }
        if (upserts.isEmpty()) {
            return;
        }
        try {
            admin.alterUserScramCredentials(upserts).all().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.printf("could not set the SCRAM passwords of %s: %s%n", principals, describe(cause(e)));
            System.exit(4);
        }
    }

    /**
     * Makes the ACLs of the given principals exactly the wanted ones: WRITE on each topic it writes,
     * READ on each topic it reads, READ on the consumer group of its own name.
     */
    private static void setAcls(Admin admin, Collection<Grant> grants, Instant deadline) throws InterruptedException {
        Set<AclBinding> wanted = new HashSet<>();
        Set<String> principals = new HashSet<>();
        for (Grant g : grants) {
            principals.add("User:" + g.principal());
            g.writes().forEach(t -> wanted.add(allow(g.principal(), ResourceType.TOPIC, t, AclOperation.WRITE)));
            g.reads().forEach(t -> wanted.add(allow(g.principal(), ResourceType.TOPIC, t, AclOperation.READ)));
            wanted.add(allow(g.principal(), ResourceType.GROUP, g.principal(), AclOperation.READ));
        }
        try {
            Collection<AclBinding> existing = admin.describeAcls(AclBindingFilter.ANY).values().get(10, TimeUnit.SECONDS);
            List<AclBindingFilter> stale = existing.stream()
                    .filter(b -> principals.contains(b.entry().principal()) && !wanted.contains(b))
                    .map(AclBinding::toFilter)
                    .toList();
            List<AclBinding> missing = wanted.stream().filter(b -> !existing.contains(b)).toList();
            if (!stale.isEmpty()) {
                admin.deleteAcls(stale).all().get(10, TimeUnit.SECONDS);
            }
            if (!missing.isEmpty()) {
                admin.createAcls(missing).all().get(10, TimeUnit.SECONDS);
            }
            // The broker's authorizer, which answers DescribeAcls, applies them a moment after the controller.
            while (!admin.describeAcls(AclBindingFilter.ANY).values().get(10, TimeUnit.SECONDS).containsAll(wanted)) {
                if (Instant.now().isAfter(deadline)) {
                    System.err.println("the broker did not apply the ACLs in time");
                    System.exit(4);
                }
                Thread.sleep(100);
            }
            System.out.printf("ACLs: %d created, %d removed, %d already there%n",
                    missing.size(), stale.size(), wanted.size() - missing.size());
        } catch (ExecutionException | TimeoutException e) {
            System.err.printf("could not set the ACLs: %s%n", describe(cause(e)));
            System.exit(4);
        }
    }

    private static AclBinding allow(String principal, ResourceType type, String name, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
                new AccessControlEntry("User:" + principal, "*", operation, AclPermissionType.ALLOW));
    }

    /** Each principal logs in (its new credential has reached the broker) before a service tries. */
    private static void awaitLogins(String bootstrap, Map<String, String> passwords, Instant deadline, Long watchPid)
            throws InterruptedException {
        for (Map.Entry<String, String> p : passwords.entrySet()) {
            if (p.getKey().equals(ADMIN)) {
                continue;
            }
            try (Admin client = Admin.create(config(bootstrap, p.getKey(), p.getValue(), "pgvault-infra-up-check"))) {
                Throwable last = null;
                while (true) {
                    checkAlive(watchPid);
                    try {
                        client.describeCluster(new DescribeClusterOptions().timeoutMs(3000)).clusterId().get();
                        break;
                    } catch (ExecutionException e) {
                        last = e.getCause();
                    }
                    if (Instant.now().isAfter(deadline)) {
                        System.err.printf("Kafka principal %s cannot log in (last error: %s)%n", p.getKey(), describe(last));
                        System.exit(4);
                    }
                    Thread.sleep(200);
                }
            }
        }
    }

    private static Throwable cause(Throwable e) {
        return e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    }

    private static Set<String> awaitMetadata(
            Admin admin, String bootstrap, Instant deadline, Long watchPid, Duration timeout)
            throws InterruptedException {
        Throwable last = null;
        Instant refusedSince = null;
        while (true) {
            checkAlive(watchPid);
            try {
                return admin.listTopics(new ListTopicsOptions().timeoutMs(3000)).names().get();
            } catch (ExecutionException e) {
                last = e.getCause();
            }
            if (last instanceof AuthenticationException) {
                refusedSince = refusedSince == null ? Instant.now() : refusedSince;
                if (Instant.now().isAfter(refusedSince.plus(AUTH_GRACE))) {
                    System.err.printf("the broker at %s refuses the %s password (%s)%n", bootstrap, ADMIN, describe(last));
                    System.exit(5);
                }
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
