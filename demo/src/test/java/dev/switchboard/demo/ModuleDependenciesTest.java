// ModuleDependenciesTest: module dependencies point one way, in every pom.xml and every Java file (docs/architecture.md).
package dev.switchboard.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Reads files only, so it may live in any module; a module's package is {@code dev.switchboard.<module>}. Main code
 * may use its module's allowed compile dependencies and what they depend on; test code may also use its test-scoped
 * ones. A new module must be added to {@link #COMPILE} before the build passes.
 */
class ModuleDependenciesTest {

    /** The internal modules each module may depend on at compile scope: the table in docs/architecture.md. */
    static final Map<String, Set<String>> COMPILE = Map.of(
            "protocol", Set.of(),
            "config", Set.of(),
            "pooling", Set.of("protocol"),
            "topology", Set.of("protocol"),
            "embedded", Set.of(),
            "proxy", Set.of("protocol", "config", "pooling", "topology"),
            "demo", Set.of("proxy", "embedded"),
            "bench", Set.of("proxy", "embedded"));

    /** What each module's tests may use besides its compile dependencies. */
    static final Map<String, Set<String>> TEST_ONLY = Map.of(
            "topology", Set.of("embedded"),
            "proxy", Set.of("embedded"),
            "demo", Set.of("proxy"));

    private static final String GROUP = "dev.switchboard";
    private static final String ARTIFACT_PREFIX = "switchboard-";
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.switchboard\\.([a-z][a-z0-9_]*)\\b");

    @Test
    void dependenciesPointOneWay() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<String> violations = violations(root);
        assertTrue(violations.isEmpty(), "module dependencies that break the rules of docs/architecture.md:\n  "
                + String.join("\n  ", violations));
    }

    @Test
    void aWrongPomDependencyAndAWrongImportAreNamed(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0"><modules>
                  <module>protocol</module><module>topology</module><module>proxy</module>
                </modules></project>
                """);
        pom(root, "protocol", "");
        pom(root, "proxy", dependency("protocol", null) + dependency("topology", null));
        pom(root, "topology", dependency("protocol", null) + dependency("proxy", null) + dependency("proxy", "test"));
        source(root, "topology/src/main/java/dev/switchboard/topology/Rules.java",
                "package dev.switchboard.topology;\n\nimport dev.switchboard.protocol.Lsn;\nimport dev.switchboard.proxy.ProxyContext;\n");
        source(root, "proxy/src/main/java/dev/switchboard/proxy/Server.java",
                "package dev.switchboard.proxy;\n\nimport dev.switchboard.topology.Rules;\n");

        assertEquals(List.of(
                "topology/pom.xml: topology depends on proxy (compile scope); its main code may use only [protocol]",
                "topology/pom.xml: topology depends on proxy (test scope); its tests may use only [embedded, protocol]",
                "topology/src/main/java/dev/switchboard/topology/Rules.java:4: uses dev.switchboard.proxy;"
                        + " topology's main code may use only [protocol]"),
                violations(root));
    }

    @Test
    void aModuleMissingFromTheRulesIsNamed(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("pom.xml"),
                "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modules><module>extras</module></modules></project>");
        pom(root, "extras", "");
        assertEquals(List.of("pom.xml: module extras has no rule in ModuleDependenciesTest.COMPILE; add it (and to"
                + " docs/architecture.md) with the modules it may depend on"), violations(root));
    }

    /** Every broken rule under {@code root}, one line each, naming the file (and line) and the dependency. */
    static List<String> violations(Path root) throws Exception {
        List<String> found = new ArrayList<>();
        for (String module : modules(root)) {
            if (!COMPILE.containsKey(module)) {
                found.add("pom.xml: module " + module + " has no rule in ModuleDependenciesTest.COMPILE; add it (and to"
                        + " docs/architecture.md) with the modules it may depend on");
                continue;
            }
            Set<String> mainMay = closure(COMPILE.get(module));
            Set<String> testMay = new TreeSet<>(mainMay);
            testMay.addAll(closure(TEST_ONLY.getOrDefault(module, Set.of())));
            for (String[] dependency : internalDependencies(root.resolve(module).resolve("pom.xml"))) {
                String on = dependency[0];
                boolean test = dependency[1].equals("test");
                if (test ? !testMay.contains(on) : !COMPILE.get(module).contains(on)) {
                    found.add(module + "/pom.xml: " + module + " depends on " + on + " (" + dependency[1] + " scope); "
                            + (test ? "its tests may use only " + testMay : "its main code may use only "
                            + new TreeSet<>(COMPILE.get(module))));
                }
            }
            found.addAll(references(root, module, "main", mainMay));
            found.addAll(references(root, module, "test", testMay));
        }
        return found;
    }

    /** The modules listed in the root pom, in order. */
    private static List<String> modules(Path root) throws Exception {
        List<String> modules = new ArrayList<>();
        NodeList list = parse(root.resolve("pom.xml")).getElementsByTagName("module");
        for (int i = 0; i < list.getLength(); i++) {
            modules.add(list.item(i).getTextContent().trim());
        }
        return modules;
    }

    /** The project's own modules a pom depends on, each as {module, scope}. */
    private static List<String[]> internalDependencies(Path pom) throws Exception {
        List<String[]> dependencies = new ArrayList<>();
        Element project = parse(pom);
        for (Element section : children(project, "dependencies")) {
            for (Element dependency : children(section, "dependency")) {
                String artifact = text(dependency, "artifactId");
                if (GROUP.equals(text(dependency, "groupId")) && artifact != null && artifact.startsWith(ARTIFACT_PREFIX)) {
                    String scope = text(dependency, "scope");
                    dependencies.add(new String[] {artifact.substring(ARTIFACT_PREFIX.length()),
                            scope == null ? "compile" : scope});
                }
            }
        }
        return dependencies;
    }

    /** Mentions of another module's package in one source set that its rules do not allow. */
    private static List<String> references(Path root, String module, String sourceSet, Set<String> may)
            throws IOException {
        Path sources = root.resolve(module).resolve("src").resolve(sourceSet).resolve("java");
        List<String> found = new ArrayList<>();
        if (!Files.isDirectory(sources)) {
            return found;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = REFERENCE.matcher(lines.get(i));
                while (m.find()) {
                    String used = m.group(1);
                    if (!used.equals(module) && !may.contains(used)) {
                        found.add(root.relativize(file) + ":" + (i + 1) + ": uses dev.switchboard." + used + "; "
                                + module + "'s " + (sourceSet.equals("main") ? "main code" : "tests") + " may use only "
                                + may);
                        break;
                    }
                }
            }
        }
        return found;
    }

    /** The modules reachable from {@code direct} through compile dependencies, {@code direct} included. */
    private static Set<String> closure(Set<String> direct) {
        Set<String> all = new TreeSet<>();
        ArrayDeque<String> queue = new ArrayDeque<>(direct);
        while (!queue.isEmpty()) {
            String next = queue.poll();
            if (all.add(next)) {
                queue.addAll(COMPILE.getOrDefault(next, Set.of()));
            }
        }
        return all;
    }

    private static Element parse(Path pom) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
    }

    /** Direct child elements named {@code name}, so that a plugin's own dependencies are not counted. */
    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                found.add(e);
            }
        }
        return found;
    }

    private static String text(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0).getTextContent().trim();
    }

    private static void pom(Path root, String module, String dependencies) throws IOException {
        Files.createDirectories(root.resolve(module));
        Files.writeString(root.resolve(module).resolve("pom.xml"), "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">"
                + "<dependencies>" + dependencies + "</dependencies></project>");
    }

    private static String dependency(String module, String scope) {
        return "<dependency><groupId>" + GROUP + "</groupId><artifactId>" + ARTIFACT_PREFIX + module + "</artifactId>"
                + (scope == null ? "" : "<scope>" + scope + "</scope>") + "</dependency>";
    }

    private static void source(Path root, String path, String text) throws IOException {
        Files.createDirectories(root.resolve(path).getParent());
        Files.writeString(root.resolve(path), text);
    }
}
