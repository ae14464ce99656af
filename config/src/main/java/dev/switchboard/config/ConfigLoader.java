// Entry point: reads a YAML file or string into a validated SwitchboardConfig.
package dev.switchboard.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.nodes.Node;

/** Loads configuration files. Thread-safe and stateless. */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /**
     * Reads and validates a UTF-8 YAML file, substituting {@code ${NAME}} from the process environment.
     *
     * @throws ConfigException listing every problem, each with the file, line and field
     */
    public static SwitchboardConfig load(Path file) throws ConfigException {
        String source = file.toString();
        String text;
        try {
            byte[] bytes = Files.readAllBytes(file);
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw single(source, "file not found");
        } catch (CharacterCodingException e) {
            throw single(source, "not valid UTF-8");
        } catch (IOException e) {
            throw single(source, "cannot read: " + e);
        }
        return parse(text, source, System.getenv());
    }

    /**
     * Parses and validates YAML text.
     *
     * @param yaml       the document
     * @param sourceName how errors name the source, e.g. the file name
     * @param env        variables for {@code ${NAME}} substitution
     * @throws ConfigException listing every problem, each with the source, line and field
     */
    public static SwitchboardConfig parse(String yaml, String sourceName, Map<String, String> env)
            throws ConfigException {
        Objects.requireNonNull(yaml, "yaml");
        Objects.requireNonNull(env, "env");
        Problems problems = new Problems(Objects.requireNonNull(sourceName, "sourceName"));
        Node root = YamlParser.compose(yaml, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems.inFileOrder());
        }
        SwitchboardConfig config = ConfigBinder.bind(new Binding(problems, env), root);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems.inFileOrder());
        }
        return config;
    }

    private static ConfigException single(String source, String message) {
        return new ConfigException(List.of(new ConfigError(source, 0, "", message)));
    }
}
