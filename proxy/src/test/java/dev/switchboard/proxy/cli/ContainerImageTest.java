// ContainerImageTest: the image's Jib configuration runs the proxy as non-root through its launcher.
package dev.switchboard.proxy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.config.HttpConfig;
import dev.switchboard.config.ListenConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What the image's configuration promises, checked from the pom alone (ContainerImageIT opens and runs the built
 * image): the user, the entrypoint (the launcher under src/main/jib, executable, starting this {@link Main} on the
 * class path Jib lays out), the exposed ports against the configuration's defaults.
 */
class ContainerImageTest {
    private static final Path LAUNCHER_FILES = Path.of("src", "main", "jib");
    /** Where Jib puts resources, classes and dependency jars in the image (its default app root, /app). */
    private static final String JIB_CLASS_PATH = "/app/resources:/app/classes:/app/libs/*";

    private static Element jib;

    @BeforeAll
    static void readTheImageConfiguration() throws Exception {
        Element pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile())
                .getDocumentElement();
        jib = elements(pom, "plugin").stream().filter(p -> text(p, "artifactId").equals("jib-maven-plugin"))
                .findFirst().orElse(null);
        assertTrue(jib != null, "the build configures jib-maven-plugin");
    }

    @Test
    void runsAsANonRootUser() {
        String user = text(jib, "user");
        assertTrue(user.matches("[1-9]\\d*:[1-9]\\d*"), "a numeric non-root user and group: " + user);
    }

    @Test
    void theEntrypointIsTheImagesLauncherStartingMainOnJibsClassPath() throws Exception {
        List<String> entrypoint = texts(jib, "entrypoint");
        assertEquals(1, entrypoint.size(), entrypoint.toString());
        Path launcher = LAUNCHER_FILES.resolve(entrypoint.get(0).substring(1));
        assertTrue(Files.isExecutable(launcher), launcher + " is in the image and executable");
        assertTrue(elements(jib, "permission").stream().anyMatch(p -> text(p, "file").equals(entrypoint.get(0))
                && text(p, "mode").equals("755")), "the image keeps the launcher executable");
        String script = Files.readString(launcher);
        assertTrue(script.contains("-cp '" + JIB_CLASS_PATH + "' " + Main.class.getName() + " \"$@\""), script);
        assertTrue(script.contains("-Dswitchboard.launcher=" + entrypoint.get(0)), "a successor starts the same way");
        assertEquals(List.of("run", "-c", "/etc/switchboard/switchboard.yaml"), texts(jib, "args"));
    }

    @Test
    void exposesThePostgresAndHttpPortsTheConfigurationDefaultsTo() {
        assertEquals(List.of(Integer.toString(ListenConfig.DEFAULT_PORT), Integer.toString(HttpConfig.DEFAULT_PORT)),
                texts(jib, "ports"));
    }

    private static List<Element> elements(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        List<Element> found = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            found.add((Element) nodes.item(i));
        }
        return found;
    }

    private static String text(Element parent, String tag) {
        List<Element> found = elements(parent, tag);
        return found.isEmpty() ? "" : found.get(0).getTextContent().strip();
    }

    /** The texts of the elements inside the first {@code <tag>} (a Maven list). */
    private static List<String> texts(Element parent, String tag) {
        List<String> values = new ArrayList<>();
        NodeList children = elements(parent, tag).get(0).getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element child) {
                values.add(child.getTextContent().strip());
            }
        }
        return values;
    }
}
