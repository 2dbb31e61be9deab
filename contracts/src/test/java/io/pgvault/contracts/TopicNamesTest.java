package io.pgvault.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link Topics} is the one source of the topic names: the scripts that create topics for a local run,
 * the compose file and the services' channel configuration must name exactly these, or the build says
 * which names differ.
 */
class TopicNamesTest {

    private static final Path ROOT = Path.of(System.getProperty("pgvault.root", "..")).toAbsolutePath().normalize();

    @Test
    void scriptsCreateExactlyTheTopicsOfTopics() throws IOException {
        String lib = read("scripts/lib.sh");
        assertSameTopics("scripts/lib.sh KAFKA_TOPICS", words(group(lib, "(?m)^KAFKA_TOPICS=\\(([^)]*)\\)")));
        assertThat(Integer.parseInt(group(lib, "(?m)^KAFKA_PARTITIONS=(\\d+)")))
                .as("scripts/lib.sh KAFKA_PARTITIONS").isEqualTo(Topics.PARTITIONS);
    }

    @Test
    void composeCreatesExactlyTheTopicsOfTopicsAndNamesNoOther() throws IOException {
        String compose = read("docker-compose.yml");
        Set<String> created = words(group(compose, "(?s)for topic in (.*?); do").replace("\\", " "));
        assertSameTopics("docker-compose.yml kafka-topics loop", created);

        Set<String> named = new TreeSet<>(created);
        Matcher topicArgs = Pattern.compile("--topic[ =]\"?([A-Za-z0-9._-]+)").matcher(compose);
        while (topicArgs.find()) {
            named.add(topicArgs.group(1));
        }
        assertSameTopics("docker-compose.yml --topic arguments", named);

        for (String partitions : all(compose, "--partitions (\\d+)", "KAFKA_NUM_PARTITIONS: \"?(\\d+)")) {
            assertThat(Integer.parseInt(partitions)).as("docker-compose.yml partitions").isEqualTo(Topics.PARTITIONS);
        }
    }

    @Test
    void servicesConsumeAndPublishOnlyTopicsOfTopicsAndDeadLetterToTheirOwnDlq() throws IOException {
        List<Path> configs = new ArrayList<>();
        try (var dirs = Files.list(ROOT)) {
            dirs.map(d -> d.resolve("src/main/resources/application.properties")).filter(Files::isRegularFile)
                    .sorted().forEach(configs::add);
        }
        assertThat(configs).as("services' application.properties under %s", ROOT).hasSizeGreaterThanOrEqualTo(3);
        for (Path config : configs) {
            Properties properties = new Properties();
            properties.load(new StringReader(Files.readString(config)));
            String where = ROOT.relativize(config).toString();
            for (String name : properties.stringPropertyNames()) {
                if (!name.startsWith("mp.messaging.") || !name.endsWith(".topic")) {
                    continue;
                }
                String topic = properties.getProperty(name).trim();
                assertThat(expected()).as("%s %s", where, name).contains(topic);
                String dlqSuffix = ".dead-letter-queue.topic";
                if (name.endsWith(dlqSuffix)) {
                    String consumed = properties.getProperty(name.substring(0, name.length() - dlqSuffix.length()) + ".topic");
                    assertThat(topic).as("%s %s: the consumed topic's own .dlq", where, name).isEqualTo(Topics.dlq(consumed));
                }
            }
        }
    }

    /** Topics.ALL and the dead-letter topic of each. */
    private static Set<String> expected() {
        Set<String> topics = new TreeSet<>(Topics.ALL);
        Topics.ALL.forEach(t -> topics.add(Topics.dlq(t)));
        return topics;
    }

    private static void assertSameTopics(String where, Set<String> found) {
        Set<String> missing = new TreeSet<>(expected());
        missing.removeAll(found);
        Set<String> unknown = new TreeSet<>(found);
        unknown.removeAll(expected());
        assertThat(missing.isEmpty() && unknown.isEmpty())
                .as("%s differs from io.pgvault.contracts.Topics: missing %s, not in Topics %s", where, missing, unknown)
                .isTrue();
    }

    private static String read(String relative) throws IOException {
        Path file = ROOT.resolve(relative);
        assertThat(file).as("%s (root %s)", relative, ROOT).isRegularFile();
        return Files.readString(file);
    }

    private static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("a match for %s", regex).isTrue();
        return m.group(1);
    }

    private static List<String> all(String text, String... regexes) {
        List<String> found = new ArrayList<>();
        for (String regex : regexes) {
            Matcher m = Pattern.compile(regex).matcher(text);
            while (m.find()) {
                found.add(m.group(1));
            }
        }
        return found;
    }

    private static Set<String> words(String text) {
        Set<String> words = new TreeSet<>();
        for (String word : text.trim().split("\\s+")) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }
}
