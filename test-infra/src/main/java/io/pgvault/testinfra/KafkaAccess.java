package io.pgvault.testinfra;

import io.pgvault.contracts.Topics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Who may do what on the pgvault broker: one SASL/SCRAM principal per service, named after the
 * service ({@code quarkus.application.name}). A service writes only its own topic and the
 * dead-letter topics of the topics it consumes; it reads only the topics it consumes, in the consumer
 * group named after it, and the dead-letter topic of its own topic, which it lists and replays to its
 * own topic (platform's DeadLetters, without a group). {@link #ADMIN} is the super user of the set-up tools (topics, users, ACLs)
 * and of the tests' {@link KafkaProbe}, never of a service.
 *
 * <p>The same table is {@code KAFKA_WRITES} / {@code KAFKA_READS} in {@code scripts/lib.sh}, which
 * {@code scripts/infra-up} and docker-compose use; {@code KafkaAccessTest} checks that they agree.
 */
public final class KafkaAccess {

    /** The super user of the set-up tools. */
    public static final String ADMIN = "admin";

    /** The SASL mechanism of every principal. */
    public static final String MECHANISM = "SCRAM-SHA-512";

    private static final Map<String, String> OWN_TOPIC = new LinkedHashMap<>();
    private static final Map<String, List<String>> CONSUMES = new LinkedHashMap<>();

    static {
        OWN_TOPIC.put("instance-service", Topics.INSTANCE_COMMANDS);
        OWN_TOPIC.put("job-service", Topics.JOB_EVENTS);
        OWN_TOPIC.put("retention-service", Topics.RETENTION_EVENTS);
        CONSUMES.put("instance-service", List.of(Topics.JOB_EVENTS, Topics.RETENTION_EVENTS));
        CONSUMES.put("job-service", List.of(Topics.INSTANCE_COMMANDS, Topics.RETENTION_EVENTS));
        CONSUMES.put("retention-service", List.of(Topics.INSTANCE_COMMANDS, Topics.JOB_EVENTS));
    }

    private KafkaAccess() {}

    /** The service principals, in the order of the README's service table. */
    public static List<String> services() {
        return List.copyOf(OWN_TOPIC.keySet());
    }

    /** Every principal with a password: the admin, then the services. */
    public static List<String> principals() {
        List<String> all = new ArrayList<>();
        all.add(ADMIN);
        all.addAll(services());
        return all;
    }

    /** Topics {@code service} may write: its own, and the dead-letter topic of each it consumes. */
    public static List<String> writes(String service) {
        List<String> topics = new ArrayList<>();
        topics.add(known(OWN_TOPIC.get(service), service));
        consumes(service).forEach(t -> topics.add(Topics.dlq(t)));
        return topics;
    }

    /** Topics {@code service} consumes, in its consumer group. */
    public static List<String> consumes(String service) {
        return known(CONSUMES.get(service), service);
    }

    /** Topics {@code service} may read: those it consumes, and the dead-letter topic of its own (to replay it). */
    public static List<String> reads(String service) {
        List<String> topics = new ArrayList<>(consumes(service));
        topics.add(Topics.dlq(known(OWN_TOPIC.get(service), service)));
        return topics;
    }

    /** The consumer group {@code service} may read in: its own name. */
    public static String group(String service) {
        known(OWN_TOPIC.get(service), service);
        return service;
    }

    /** Every ACL the broker needs, none for the admin (a super user). */
    public static List<AclBinding> bindings() {
        List<AclBinding> all = new ArrayList<>();
        for (String service : services()) {
            for (String topic : writes(service)) {
                all.add(allow(service, ResourceType.TOPIC, topic, AclOperation.WRITE));
            }
            for (String topic : reads(service)) {
                all.add(allow(service, ResourceType.TOPIC, topic, AclOperation.READ));
            }
            all.add(allow(service, ResourceType.GROUP, group(service), AclOperation.READ));
        }
        return all;
    }

    /** Client settings that log in as {@code user}: SASL_PLAINTEXT with {@link #MECHANISM}. */
    public static Map<String, Object> saslConfig(String user, String password) {
        return Map.of(
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                SaslConfigs.SASL_MECHANISM, MECHANISM,
                SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"" + user + "\" password=\"" + password + "\";");
    }

    private static AclBinding allow(String principal, ResourceType type, String name, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
                new AccessControlEntry("User:" + principal, "*", operation, AclPermissionType.ALLOW));
    }

    private static <T> T known(T value, String service) {
        if (value == null) {
            throw new IllegalArgumentException("no Kafka principal '" + service + "': the principals are " + services()
                    + " (see KafkaAccess)");
        }
        return value;
    }
}
