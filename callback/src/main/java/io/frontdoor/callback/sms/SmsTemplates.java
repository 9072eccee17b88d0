package io.frontdoor.callback.sms;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * SMS texts per language, from {@code prompts/sms/<lang>.yaml} (a flat map of key to text).
 * Loading validates everything and reports each problem with file and line: a placeholder not in
 * {@link #PLACEHOLDERS}, a stray brace, a key missing from a language, a key FrontDoor sends
 * ({@link #REQUIRED}) missing, a duplicate key, a value that is not text.
 */
public final class SmsTemplates {
    /** The placeholders a template may use. */
    public static final Set<String> PLACEHOLDERS = Set.of("name", "position", "minutes", "time", "link", "code", "ref");
    /** Keys FrontDoor sends by itself. */
    public static final Set<String> REQUIRED = Set.of("callback.confirm", "callback.confirm_timed", "callback.soon",
            "callback.missed", "callback.expired", "callback.cancelled", "callback.being_dialled", "callback.status",
            "callback.status_timed", "callback.status_dialling", "callback.none", "otp", "help", "stopped", "started",
            "refused.rate_limited", "refused.time_not_open", "refused.unavailable", "refused.number",
            "refused.not_allowed");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
    private static final Pattern KEY = Pattern.compile("[a-z0-9_]+(\\.[a-z0-9_*]+)*");

    /** Templates that cannot be used; {@link #problems} has one line per problem, each with file:line. */
    public static final class InvalidTemplatesException extends Exception {
        private static final long serialVersionUID = 1L;
        private final List<String> problems;

        public InvalidTemplatesException(List<String> problems) {
            super("invalid SMS templates:\n  " + String.join("\n  ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    private record Text(String text, String file, int line) {
    }

    private final Map<String, Map<String, Text>> byLanguage;
    private final String defaultLanguage;

    private SmsTemplates(Map<String, Map<String, Text>> byLanguage, String defaultLanguage) {
        this.byLanguage = byLanguage;
        this.defaultLanguage = defaultLanguage;
    }

    /** Loads every {@code <lang>.yaml} of a directory. */
    public static SmsTemplates load(Path dir, String defaultLanguage) throws InvalidTemplatesException, IOException {
        Map<String, String> files = new TreeMap<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.yaml")) {
            for (Path p : s) {
                files.put(p.getFileName().toString(), Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        return parse(files, defaultLanguage, dir + "/");
    }

    /**
     * Parses files given as name ({@code en.yaml}) to content.
     *
     * @param prefix put before file names in problems (the directory)
     */
    public static SmsTemplates parse(Map<String, String> files, String defaultLanguage, String prefix)
            throws InvalidTemplatesException {
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, Text>> all = new TreeMap<>();
        for (Map.Entry<String, String> f : new TreeMap<>(files).entrySet()) {
            String file = prefix + f.getKey();
            String lang = f.getKey().replaceFirst("\\.ya?ml$", "").toLowerCase(Locale.ROOT);
            Map<String, Text> texts = new LinkedHashMap<>();
            all.put(lang, texts);
            Node root;
            try (Reader r = new StringReader(f.getValue())) {
                root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(r);
            } catch (MarkedYAMLException e) {
                problems.add(file + ":" + (e.getProblemMark().getLine() + 1) + ": not valid YAML: " + e.getProblem());
                continue;
            } catch (IOException | RuntimeException e) {
                problems.add(file + ":1: cannot read: " + e.getMessage());
                continue;
            }
            if (root == null) {
                problems.add(file + ":1: empty");
                continue;
            }
            if (!(root instanceof MappingNode map)) {
                problems.add(file + ":" + line(root) + ": expected a map of key: text");
                continue;
            }
            for (NodeTuple t : map.getValue()) {
                int line = line(t.getKeyNode());
                if (!(t.getKeyNode() instanceof ScalarNode k)) {
                    problems.add(file + ":" + line + ": a key must be text");
                    continue;
                }
                String key = k.getValue();
                if (!KEY.matcher(key).matches()) {
                    problems.add(file + ":" + line + ": bad key '" + key + "' (lower-case words separated by dots)");
                    continue;
                }
                if (texts.containsKey(key)) {
                    problems.add(file + ":" + line + ": duplicate key '" + key + "' (first at line "
                            + texts.get(key).line() + ")");
                    continue;
                }
                if (!(t.getValueNode() instanceof ScalarNode v) || v.getValue().isBlank()) {
                    problems.add(file + ":" + line(t.getValueNode()) + ": '" + key + "' must be a non-empty text");
                    continue;
                }
                String text = v.getValue();
                checkPlaceholders(text, file, line(t.getValueNode()), key, problems);
                texts.put(key, new Text(text, file, line(t.getValueNode())));
            }
        }
        if (all.isEmpty()) {
            problems.add(prefix + ": no <language>.yaml template file");
        }
        Set<String> keys = new TreeSet<>();
        all.values().forEach(m -> keys.addAll(m.keySet()));
        for (Map.Entry<String, Map<String, Text>> lang : all.entrySet()) {
            String file = prefix + lang.getKey() + ".yaml";
            for (String key : keys) {
                if (!lang.getValue().containsKey(key)) {
                    Text elsewhere = all.values().stream().map(m -> m.get(key)).filter(x -> x != null).findFirst()
                            .orElseThrow();
                    problems.add(file + ":" + lastLine(lang.getValue()) + ": missing key '" + key + "' (defined at "
                            + elsewhere.file() + ":" + elsewhere.line() + ")");
                }
            }
            for (String key : new TreeSet<>(REQUIRED)) {
                if (!keys.contains(key)) {
                    problems.add(file + ":" + lastLine(lang.getValue()) + ": missing key '" + key
                            + "' (FrontDoor sends it)");
                }
            }
        }
        String def = defaultLanguage == null ? "en" : defaultLanguage.toLowerCase(Locale.ROOT);
        if (!all.isEmpty() && !all.containsKey(def)) {
            problems.add(prefix + def + ".yaml: the default language '" + def + "' has no template file");
        }
        if (!problems.isEmpty()) {
            throw new InvalidTemplatesException(problems);
        }
        return new SmsTemplates(all, def);
    }

    private static void checkPlaceholders(String text, String file, int line, String key, List<String> problems) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder rest = new StringBuilder();
        int at = 0;
        while (m.find()) {
            rest.append(text, at, m.start());
            at = m.end();
            if (!PLACEHOLDERS.contains(m.group(1))) {
                problems.add(file + ":" + line + ": '" + key + "' uses unknown placeholder {" + m.group(1)
                        + "} (known: " + new TreeSet<>(PLACEHOLDERS) + ")");
            }
        }
        rest.append(text.substring(at));
        if (rest.indexOf("{") >= 0 || rest.indexOf("}") >= 0) {
            problems.add(file + ":" + line + ": '" + key + "' has an unmatched brace");
        }
    }

    private static int line(Node n) {
        return n.getStartMark() == null ? 1 : n.getStartMark().getLine() + 1;
    }

    private static int lastLine(Map<String, Text> texts) {
        return texts.values().stream().mapToInt(Text::line).max().orElse(1);
    }

    /** Languages with templates. */
    public Set<String> languages() {
        return byLanguage.keySet();
    }

    public String defaultLanguage() {
        return defaultLanguage;
    }

    /** {@code language} if there are templates for it, else the default language. */
    public String language(String language) {
        String l = language == null ? "" : language.toLowerCase(Locale.ROOT);
        return byLanguage.containsKey(l) ? l : defaultLanguage;
    }

    public boolean has(String key) {
        return byLanguage.get(defaultLanguage).containsKey(key);
    }

    /** Template keys, sorted. */
    public Set<String> keys() {
        return new TreeSet<>(byLanguage.get(defaultLanguage).keySet());
    }

    /** Placeholders a template uses. */
    public Set<String> placeholders(String key, String language) {
        Set<String> out = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text(key, language));
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /**
     * The text of {@code key} in {@code language} (the default language when there is none), with
     * its placeholders filled from {@code vars}; values lose control characters and are clipped.
     *
     * @throws IllegalArgumentException for an unknown key, or a placeholder with no value
     */
    public String render(String key, String language, Map<String, ?> vars) {
        String text = text(key, language);
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Object v = vars == null ? null : vars.get(m.group(1));
            if (v == null) {
                throw new IllegalArgumentException("SMS template '" + key + "' needs a value for {" + m.group(1) + "}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(SmsOutbox.clean(String.valueOf(v), 200)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String text(String key, String language) {
        Text t = byLanguage.get(language(language)).get(key);
        if (t == null) {
            throw new IllegalArgumentException("no SMS template '" + key + "'");
        }
        return t.text();
    }
}
