package io.edgeplane.deploychecks;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a service's application.properties says about how it must be deployed: its HTTP port, its
 * incoming Kafka channels (topic and consumer group) and the settings its local profile overrides,
 * which any other environment must therefore provide too.
 */
record ServiceFacts(String name, int port, Map<String, Channel> incoming, Map<String, String> localOverrides,
        Properties properties) {

    record Channel(String name, String topic, String groupId) {
    }

    private static final Pattern INCOMING = Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.topic");

    static ServiceFacts of(String service) {
        Path file = Repo.path(service + "/src/main/resources/application.properties");
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            props.load(reader);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
        Map<String, Channel> incoming = new TreeMap<>();
        Map<String, String> local = new TreeMap<>();
        for (String key : props.stringPropertyNames()) {
            Matcher m = INCOMING.matcher(key);
            if (m.matches()) {
                String channel = m.group(1);
                String group = props.getProperty("mp.messaging.incoming." + channel + ".group.id");
                incoming.put(channel, new Channel(channel, props.getProperty(key), group));
            }
            if (key.startsWith("%local.")) {
                local.put(key.substring("%local.".length()), props.getProperty(key));
            }
        }
        int port = Integer.parseInt(props.getProperty("quarkus.http.port", "8080"));
        return new ServiceFacts(service, port, incoming, local, props);
    }

    /** The environment variable MicroProfile Config maps to a property name ({@code a.b-c} → {@code A_B_C}). */
    static String envName(String property) {
        StringBuilder sb = new StringBuilder(property.length());
        for (char c : property.toCharArray()) {
            sb.append(Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
        }
        return sb.toString();
    }

    /** The short name used in metric names: {@code dns-service} → {@code dns}. */
    String shortName() {
        return name.endsWith("-service") ? name.substring(0, name.length() - "-service".length()) : name;
    }
}
