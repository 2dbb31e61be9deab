package io.pgvault.testinfra.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Generates hostile requests for the operations of one OpenAPI document, deterministically from a seed:
 * for every operation, its path parameters, query parameters, body fields, headers, content types and
 * methods get values a client should never send (wrong types, huge and deep JSON, unicode and NUL, bad
 * UUIDs, out-of-range numbers and instants, path tricks, missing and duplicated headers). A body starts
 * from the operation's example when one is given (so a single bad field reaches the deeper checks), or
 * from a value built from the operation's schema otherwise.
 */
final class HostileRequests {

    /** One request to send. {@code headers} are name/value pairs; a name may appear twice. */
    record Case(String operation, String label, String method, String path, List<String[]> headers, byte[] body) {

        Case withHeader(String name, String value) {
            List<String[]> more = new ArrayList<>(headers);
            more.add(new String[] {name, value});
            return new Case(operation, label, method, path, more, body);
        }
    }

    /** An operation of the document. */
    record Operation(String method, String template, List<Param> params, JsonNode bodySchema, String contentType,
            boolean streams) {

        String name() {
            return method.toUpperCase(Locale.ROOT) + " " + template;
        }
    }

    /** A path or query parameter. */
    record Param(String name, String in, JsonNode schema) {}

    static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch");
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String JSON = "application/json";
    /** Label prefix of a request whose body is sent in chunks, with no Content-Length. */
    static final String CHUNKED = "chunked body ";
    /** Label prefix of a request that must be answered 400. */
    static final String STRICT = "(400) ";
    private static final List<String> NOT_UUIDS = List.of("not-a-uuid", "-1", "99999999999999999999",
            "00000000-0000-0000-0000-00000000000g", "0", "null", "%7B%7D");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String UNICODE = "é✓😀\u202Eevil\u0301ﬁ\uFEFF";
    private static final String NUL = "\u0000";

    private final ObjectMapper mapper = new ObjectMapper();
    private final JsonNode document;
    private final Random random;
    private final int bodyLimit;
    private final Map<String, String> examples;
    private final Map<String, Map<String, String>> pathValues;

    HostileRequests(JsonNode document, long seed, int bodyLimit, Map<String, String> examples,
            Map<String, Map<String, String>> pathValues) {
        this.document = document;
        this.random = new Random(seed);
        this.bodyLimit = bodyLimit;
        this.examples = examples;
        this.pathValues = pathValues;
    }

    /** The operations of the document, in its order. */
    List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (String method : METHODS) {
                JsonNode op = path.getValue().get(method);
                if (op == null) {
                    continue;
                }
                List<Param> params = new ArrayList<>();
                for (JsonNode p : op.path("parameters")) {
                    JsonNode param = resolve(p);
                    params.add(new Param(param.path("name").asText(), param.path("in").asText(), resolve(param.path("schema"))));
                }
                JsonNode content = resolve(op.path("requestBody")).path("content");
                String contentType = null;
                JsonNode bodySchema = null;
                if (content.isObject() && content.size() > 0) {
                    contentType = content.fieldNames().next();
                    bodySchema = content.path(contentType).path("schema");
                }
                boolean streams = op.path("responses").toString().contains("text/event-stream");
                operations.add(new Operation(method, path.getKey(), params, bodySchema, contentType, streams));
            }
        }
        return operations;
    }

    /** The fixed catalogue of hostile requests of one operation. */
    List<Case> catalogue(Operation op, List<String> methodsOfPath) {
        List<Case> cases = new ArrayList<>();
        String path = fill(op, Map.of());
        // path parameters, one at a time
        for (Param param : op.params()) {
            if (!param.in().equals("path")) {
                continue;
            }
            for (String bad : badPathValues()) {
                Case c = request(op, "path " + param.name() + "=" + shorten(bad), fill(op, Map.of(param.name(), bad)),
                        baseBody(op));
                cases.add(isUuid(param.schema()) && NOT_UUIDS.contains(bad) || bad.contains("%00") ? strict(c) : c);
            }
        }
        // path tricks on the whole path
        for (String trick : List.of("/..", "/%2e%2e/%2e%2e", "//", "/;x=1", "/%2F", "/%00", "/" + "x".repeat(2000),
                "/../../q/openapi")) {
            cases.add(request(op, "path+" + shorten(trick), path + trick, baseBody(op)));
        }
        cases.add(request(op, "path with encoded slash", path.replaceFirst("/api/v1/", "/api/v1%2F"), baseBody(op)));
        // query parameters, one at a time, and twice
        for (Param param : op.params()) {
            if (!param.in().equals("query")) {
                continue;
            }
            for (String bad : badQueryValues(param.schema())) {
                Case c = request(op, "query " + param.name() + "=" + shorten(bad),
                        path + "?" + param.name() + "=" + bad, baseBody(op));
                cases.add(mustRefuse(param.schema(), bad) ? strict(c) : c);
            }
            cases.add(request(op, "query " + param.name() + " twice",
                    path + "?" + param.name() + "=1&" + param.name() + "=x", baseBody(op)));
        }
        cases.add(request(op, "unknown query parameter with NUL", path + "?zzz=%00&" + "y".repeat(100) + "=1",
                baseBody(op)));
        // bodies
        if (op.contentType() != null) {
            for (Map.Entry<String, byte[]> raw : rawBodies().entrySet()) {
                cases.add(new Case(op.name(), "body " + raw.getKey(), op.method(), path, jsonHeaders(), raw.getValue()));
            }
            cases.add(new Case(op.name(), CHUNKED + "over the body limit", op.method(), path, jsonHeaders(), hugeBody()));
            JsonNode base = baseNode(op);
            if (base != null) {
                for (Map.Entry<String, String> mutated : fieldMutations(base).entrySet()) {
                    cases.add(new Case(op.name(), "body " + mutated.getKey(), op.method(), path, jsonHeaders(),
                            mutated.getValue().getBytes(StandardCharsets.UTF_8)));
                }
            }
            byte[] body = baseBody(op);
            for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                    "multipart/form-data; boundary=x", "application/json; charset=nope", "*/*")) {
                cases.add(new Case(op.name(), "content type " + type, op.method(), path,
                        List.<String[]>of(new String[] {"Content-Type", type}), body));
            }
            cases.add(new Case(op.name(), "no content type", op.method(), path, List.of(), body));
            cases.add(new Case(op.name(), "content type twice", op.method(), path,
                    List.of(new String[] {"Content-Type", JSON}, new String[] {"Content-Type", "text/plain"}), body));
        } else if (!op.method().equals("get") && !op.method().equals("delete")) {
            cases.add(new Case(op.name(), "unexpected JSON body", op.method(), path, jsonHeaders(),
                    "{\"a\":\"\\u0000\"}".getBytes(StandardCharsets.UTF_8)));
            cases.add(new Case(op.name(), "unexpected huge body", op.method(), path, jsonHeaders(), hugeBody()));
        }
        // headers
        Case plain = request(op, "", path, baseBody(op));
        cases.add(relabel(plain, "Idempotency-Key twice").withHeader(IDEMPOTENCY_KEY, "k-" + uuid())
                .withHeader(IDEMPOTENCY_KEY, "k-" + uuid()));
        cases.add(relabel(plain, "Idempotency-Key too long").withHeader(IDEMPOTENCY_KEY, "k".repeat(5000)));
        cases.add(relabel(plain, "Idempotency-Key blank").withHeader(IDEMPOTENCY_KEY, " "));
        cases.add(relabel(plain, "Idempotency-Key with controls").withHeader(IDEMPOTENCY_KEY, "a\tb"));
        cases.add(relabel(plain, "Authorization twice").withHeader("Authorization", HostileInputSweep.TOKEN));
        cases.add(relabel(plain, "Authorization garbage").withHeader("Authorization", "Bearer " + "x".repeat(3000)));
        cases.add(relabel(plain, "Accept xml").withHeader("Accept", "application/xml"));
        // methods the path does not have
        for (String method : METHODS) {
            if (!methodsOfPath.contains(method) && methodsOfPath.get(0).equals(op.method())) {
                cases.add(new Case(op.name(), "method " + method, method, path, jsonHeaders(),
                        "{}".getBytes(StandardCharsets.UTF_8)));
            }
        }
        return cases;
    }

    /** One more request of {@code op}, combining a random path, query and body mutation. */
    Case randomCase(Operation op) {
        Map<String, String> path = new LinkedHashMap<>();
        for (Param param : op.params()) {
            if (param.in().equals("path") && random.nextInt(3) == 0) {
                path.put(param.name(), pick(badPathValues()));
            }
        }
        StringBuilder query = new StringBuilder();
        for (Param param : op.params()) {
            if (param.in().equals("query") && random.nextBoolean()) {
                query.append(query.length() == 0 ? "?" : "&").append(param.name()).append('=')
                        .append(pick(badQueryValues(param.schema())));
            }
        }
        String label = "random " + path + query;
        String url = fill(op, path) + query;
        if (op.contentType() == null) {
            return request(op, label, url, null);
        }
        JsonNode base = baseNode(op);
        if (base == null || random.nextInt(4) == 0) {
            List<Map.Entry<String, byte[]>> raw = new ArrayList<>(rawBodies().entrySet());
            Map.Entry<String, byte[]> body = raw.get(random.nextInt(raw.size()));
            return new Case(op.name(), label + " body " + body.getKey(), op.method(), url, jsonHeaders(), body.getValue());
        }
        List<Map.Entry<String, String>> mutations = new ArrayList<>(fieldMutations(base).entrySet());
        Map.Entry<String, String> body = mutations.get(random.nextInt(mutations.size()));
        return new Case(op.name(), label + " body " + body.getKey(), op.method(), url, jsonHeaders(),
                body.getValue().getBytes(StandardCharsets.UTF_8));
    }

    private Case request(Operation op, String label, String url, byte[] body) {
        if (op.contentType() == null) {
            return new Case(op.name(), label, op.method(), url, List.of(), null);
        }
        List<String[]> headers = List.<String[]>of(new String[] {"Content-Type", op.contentType()});
        return new Case(op.name(), label, op.method(), url, headers, body);
    }

    /** Marks a request that must be answered 400 (not 404, not 200): the sweep checks its label. */
    static Case strict(Case c) {
        return relabel(c, STRICT + c.label());
    }

    /** True when {@code value} can only be refused (400) as a query parameter of {@code schema}. */
    private static boolean mustRefuse(JsonNode schema, String value) {
        if (value.contains("%00")) {
            return true;
        }
        String type = schema == null ? "string" : type(schema);
        if (type.equals("integer")) {
            return !value.isEmpty() && !value.matches("-?\\d{1,9}") || value.startsWith("-") && schema.has("minimum")
                    && schema.path("minimum").asLong() >= 0;
        }
        if (schema != null && schema.has("enum")) {
            return !value.isEmpty();
        }
        return isUuid(schema) && !value.isEmpty();
    }

    private static boolean isUuid(JsonNode schema) {
        return schema != null && schema.path("format").asText("").equals("uuid");
    }

    private static Case relabel(Case c, String label) {
        return new Case(c.operation(), label, c.method(), c.path(), c.headers(), c.body());
    }

    private static List<String[]> jsonHeaders() {
        return List.<String[]>of(new String[] {"Content-Type", JSON});
    }

    /** The path with its parameters filled: the given bad values, else the configured or a random UUID. */
    private String fill(Operation op, Map<String, String> bad) {
        Map<String, String> known = pathValues.getOrDefault(op.name(), pathValues.getOrDefault(op.template(), Map.of()));
        StringBuilder out = new StringBuilder();
        int i = 0;
        String template = op.template();
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            if (open < 0) {
                out.append(template, i, template.length());
                break;
            }
            int close = template.indexOf('}', open);
            out.append(template, i, open);
            String name = template.substring(open + 1, close);
            out.append(bad.containsKey(name) ? bad.get(name) : known.getOrDefault(name, uuid()));
            i = close + 1;
        }
        return out.toString();
    }

    private List<String> badPathValues() {
        return List.of("not-a-uuid", "%00", uuid() + "%00", "..", "%2e%2e", "a%2Fb", "%2F", "x".repeat(2000),
                encode(UNICODE), "-1", "99999999999999999999", "00000000-0000-0000-0000-00000000000g", "%20",
                "%252e%252e", "0", "null", "%7B%7D", uuid().toUpperCase(Locale.ROOT).replace("-", ""));
    }

    private List<String> badQueryValues(JsonNode schema) {
        List<String> values = new ArrayList<>(List.of("%00", "a%00b", encode(UNICODE), "x".repeat(2000), "",
                "not-a-uuid", "+300000-01-01T00:00:00Z", "-4713-01-01T00:00:00Z", "-290000-01-01T00:00:00Z",
                "2026-13-45T99:00:00Z", "P999999999Y", "-1", "2147483648", "99999999999999999999", "1e400",
                "NOT_A_VALUE", "%27%20or%201%3D1%20--"));
        if (schema != null && schema.has("enum")) {
            values.add(encode(schema.path("enum").path(0).asText().toLowerCase(Locale.ROOT) + "\u0000"));
        }
        return values;
    }

    private Map<String, byte[]> rawBodies() {
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        for (String text : List.of("", "{", "not json", "null", "[]", "123", "\"text\"", "{}", "{\"a\":\"\\u0000\"}",
                "{\"\\u0000\":1}", "{\"a\":1,\"a\":2}", "\uFEFF{}", "{\"a\":" + "1".repeat(5000) + "}",
                "{\"a\":1e999999999}", "[" + "1,".repeat(50_000) + "1]")) {
            bodies.put(shorten(text), text.getBytes(StandardCharsets.UTF_8));
        }
        bodies.put("deep arrays", ("[".repeat(5000) + "]".repeat(5000)).getBytes(StandardCharsets.UTF_8));
        bodies.put("deep objects", ("{\"a\":".repeat(5000) + "1" + "}".repeat(5000)).getBytes(StandardCharsets.UTF_8));
        bodies.put("invalid UTF-8", new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
        bodies.put("over the body limit", hugeBody());
        return bodies;
    }

    private byte[] hugeBody() {
        return ("{\"a\":\"" + "x".repeat(bodyLimit + 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** The base body with one field at a time set to a hostile value, by label. */
    private Map<String, String> fieldMutations(JsonNode base) {
        Map<String, String> out = new LinkedHashMap<>();
        List<List<Object>> paths = new ArrayList<>();
        collectPaths(base, new ArrayList<>(), paths);
        for (List<Object> path : paths) {
            JsonNode current = at(base, path);
            Map<String, JsonNode> values = new LinkedHashMap<>();
            values.put("number", NODES.numberNode(123));
            values.put("negative", NODES.numberNode(-1));
            values.put("huge number", NODES.numberNode(new java.math.BigInteger("9".repeat(40))));
            values.put("boolean", NODES.booleanNode(true));
            values.put("array", NODES.arrayNode().add("x"));
            values.put("object", NODES.objectNode().put("a", "b"));
            values.put("null", NODES.nullNode());
            values.put("empty", NODES.textNode(""));
            values.put("NUL", NODES.textNode(NUL));
            values.put("NUL inside", NODES.textNode((current != null && current.isTextual() ? current.asText() : "a") + NUL));
            values.put("5000 chars", NODES.textNode("x".repeat(5000)));
            values.put("70000 chars", NODES.textNode("x".repeat(70_000)));
            values.put("unicode", NODES.textNode(UNICODE));
            values.put("year 300000", NODES.textNode("+300000-01-01T00:00:00Z"));
            values.put("year -4713", NODES.textNode("-4713-01-01T00:00:00Z"));
            values.put("year -290000", NODES.textNode("-290000-01-01T00:00:00Z"));
            values.put("P999999999Y", NODES.textNode("P999999999Y"));
            values.put("negative duration", NODES.textNode("-P1D"));
            values.put("PT-1S", NODES.textNode("PT-1S"));
            values.put("bad UUID", NODES.textNode("not-a-uuid"));
            values.put("bad enum", NODES.textNode("NOT_A_VALUE"));
            ArrayNode many = NODES.arrayNode();
            for (int i = 0; i < 10_000; i++) {
                many.add("db" + i);
            }
            values.put("10000 entries", many);
            values.put("array with NUL", NODES.arrayNode().add(NUL));
            for (Map.Entry<String, JsonNode> value : values.entrySet()) {
                JsonNode copy = base.deepCopy();
                set(copy, path, value.getValue());
                out.put(label(path) + "=" + value.getKey(), write(copy));
            }
            JsonNode copy = base.deepCopy();
            remove(copy, path);
            out.put(label(path) + " missing", write(copy));
        }
        // a literal no JsonNode writes: a number beyond double
        out.put("extra field 1e400", write(base).replaceFirst("^\\{", "{\"zz\":1e400,"));
        return out;
    }

    private JsonNode baseNode(Operation op) {
        String example = examples.get(op.name());
        if (example != null) {
            try {
                return mapper.readTree(example);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("example of " + op.name() + " is not JSON: " + e.getMessage(), e);
            }
        }
        if (op.bodySchema() == null || op.contentType() == null || !op.contentType().contains("json")) {
            return null;
        }
        return sample(op.bodySchema(), 0);
    }

    private byte[] baseBody(Operation op) {
        if (op.contentType() == null) {
            return null;
        }
        JsonNode base = baseNode(op);
        return (base == null ? "" : write(base)).getBytes(StandardCharsets.UTF_8);
    }

    /** A plain value of a schema: the first enum value, a random UUID, an instant, 1, false, one-element arrays. */
    private JsonNode sample(JsonNode schemaOrRef, int depth) {
        JsonNode schema = resolve(schemaOrRef);
        if (depth > 6) {
            return NODES.nullNode();
        }
        String type = type(schema);
        if (schema.has("enum")) {
            return schema.path("enum").path(0).deepCopy();
        }
        switch (type) {
            case "object": {
                ObjectNode node = NODES.objectNode();
                Iterator<Map.Entry<String, JsonNode>> props = schema.path("properties").fields();
                while (props.hasNext()) {
                    Map.Entry<String, JsonNode> prop = props.next();
                    node.set(prop.getKey(), sample(prop.getValue(), depth + 1));
                }
                return node;
            }
            case "array":
                return NODES.arrayNode().add(sample(schema.path("items"), depth + 1));
            case "integer":
                return NODES.numberNode(schema.has("minimum") ? schema.path("minimum").asLong() : 1);
            case "number":
                return NODES.numberNode(1);
            case "boolean":
                return NODES.booleanNode(false);
            default:
                String format = schema.path("format").asText("");
                if (format.equals("uuid")) {
                    return NODES.textNode(uuid());
                }
                if (format.equals("date-time")) {
                    return NODES.textNode("2026-01-01T00:00:00Z");
                }
                return NODES.textNode("x");
        }
    }

    private static String type(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (!t.asText().equals("null")) {
                    return t.asText();
                }
            }
        }
        if (type.isTextual()) {
            return type.asText();
        }
        return schema.has("properties") ? "object" : "string";
    }

    private JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int i = 0; i < 10 && current != null && current.has("$ref"); i++) {
            String ref = current.path("$ref").asText();
            JsonNode target = document;
            for (String part : ref.replaceFirst("^#/", "").split("/")) {
                target = target.path(part);
            }
            current = target;
        }
        if (current != null && current.has("allOf") && current.path("allOf").size() == 1) {
            return resolve(current.path("allOf").path(0));
        }
        return current == null ? NODES.missingNode() : current;
    }

    private static void collectPaths(JsonNode node, List<Object> prefix, List<List<Object>> out) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                List<Object> path = new ArrayList<>(prefix);
                path.add(field.getKey());
                out.add(path);
                collectPaths(field.getValue(), path, out);
            }
        } else if (node.isArray() && node.size() > 0) {
            List<Object> path = new ArrayList<>(prefix);
            path.add(0);
            out.add(path);
            collectPaths(node.get(0), path, out);
        }
    }

    private static JsonNode at(JsonNode root, List<Object> path) {
        JsonNode node = root;
        for (Object step : path) {
            node = step instanceof Integer i ? node.path(i) : node.path((String) step);
        }
        return node;
    }

    private static void set(JsonNode root, List<Object> path, JsonNode value) {
        JsonNode parent = at(root, path.subList(0, path.size() - 1));
        Object last = path.get(path.size() - 1);
        if (parent instanceof ObjectNode object) {
            object.set((String) last, value);
        } else if (parent instanceof ArrayNode array) {
            array.set((Integer) last, value);
        }
    }

    private static void remove(JsonNode root, List<Object> path) {
        JsonNode parent = at(root, path.subList(0, path.size() - 1));
        Object last = path.get(path.size() - 1);
        if (parent instanceof ObjectNode object) {
            object.remove((String) last);
        } else if (parent instanceof ArrayNode array) {
            array.remove((Integer) last);
        }
    }

    private static String label(List<Object> path) {
        StringBuilder out = new StringBuilder();
        for (Object step : path) {
            if (step instanceof Integer i) {
                out.append('[').append(i).append(']');
            } else {
                out.append(out.length() == 0 ? "" : ".").append(step);
            }
        }
        return out.toString();
    }

    private String write(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** A UUID from the seeded generator, so a run repeats exactly. */
    private String uuid() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    private static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }

    static String shorten(String text) {
        String printable = text.replace("\u0000", "\\0");
        return printable.length() > 40 ? printable.substring(0, 30) + "…(" + printable.length() + ")" : printable;
    }
}
