// Replaces ${NAME} and ${NAME:-default} in configuration values with environment variables.
package dev.switchboard.config;

import java.util.Map;

/**
 * Environment variable substitution inside scalar values. {@code ${NAME}} is the variable's value (an empty
 * value counts as set); {@code ${NAME:-default}} uses the default when the variable is unset or empty, as in
 * the shell; {@code $${} writes a literal {@code ${}. Substituted text is not parsed as YAML again.
 */
final class EnvSubstitution {

    private EnvSubstitution() {
    }

    /**
     * @throws IllegalArgumentException naming the variable when it is unset and has no default, or when the
     *                                  reference is malformed; never includes a default value (it may be secret)
     */
    static String apply(String text, Map<String, String> env) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                int close = text.indexOf('}', i + 2);
                if (close < 0) {
                    throw new IllegalArgumentException("unterminated \"${\": missing '}' (write $${ for a literal ${)");
                }
                out.append(resolve(text.substring(i + 2, close), env));
                i = close + 1;
            } else {
                out.append(text.charAt(i++));
            }
        }
        return out.toString();
    }

    private static String resolve(String expression, Map<String, String> env) {
        int sep = expression.indexOf(":-");
        String name = sep < 0 ? expression : expression.substring(0, sep);
        if (!isName(name)) {
            throw new IllegalArgumentException("invalid environment variable reference; expected ${NAME} or "
                    + "${NAME:-default} with NAME made of letters, digits and '_'");
        }
        String value = env.get(name);
        if (sep < 0) {
            if (value == null) {
                throw new IllegalArgumentException("environment variable " + name + " is not set (write ${" + name
                        + ":-default} to give a default)");
            }
            return value;
        }
        return value == null || value.isEmpty() ? expression.substring(sep + 2) : value;
    }

    private static boolean isName(String name) {
        if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }
}
