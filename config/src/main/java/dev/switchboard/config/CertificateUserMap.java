// CertificateUserMap: which user names a client certificate may log in as (pg_ident.conf's model, for certificates).
package dev.switchboard.config;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code tls.client.user_map} list. Without entries a certificate names the user its common name spells, as
 * PostgreSQL's {@code cert} method does without a map; with entries only they decide, the first that fits winning.
 *
 * @param entries in the order written; empty = the common name is the user name
 */
public record CertificateUserMap(List<Entry> entries) {
    public static final CertificateUserMap COMMON_NAME = new CertificateUserMap(List.of());

    public CertificateUserMap {
        entries = List.copyOf(entries);
    }

    /**
     * One line: a certificate name (its common name or a subject alternative name) and the user it may log in as.
     * A name starting with {@code /} is a regular expression matched against the whole name, and {@code \1} in
     * {@code user} stands for its first group, as in pg_ident.conf.
     *
     * @param name the certificate name, or {@code /regex}
     * @param user the user name, possibly with {@code \1}
     */
    public record Entry(String name, String user) {
        public Entry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(user, "user");
            if (name.startsWith("/")) {
                Pattern.compile(name.substring(1)); // refused here, not at the first login
            }
        }

        /** The user this entry gives a certificate name, or null when it does not apply to that name. */
        String userFor(String certificateName) {
            if (!name.startsWith("/")) {
                return name.equals(certificateName) ? user : null;
            }
            Matcher m = Pattern.compile(name.substring(1)).matcher(certificateName);
            if (!m.matches()) {
                return null;
            }
            return user.contains("\\1") && m.groupCount() >= 1 ? user.replace("\\1", m.group(1) == null ? "" : m.group(1))
                    : user;
        }
    }

    /**
     * Whether a certificate with this common name and these subject alternative names may log in as {@code user}.
     *
     * @param commonName       nullable: the subject's CN
     * @param alternativeNames the DNS names, e-mail addresses and URIs it carries
     */
    public boolean allows(String commonName, Collection<String> alternativeNames, String user) {
        if (entries.isEmpty()) {
            return user.equals(commonName);
        }
        for (Entry entry : entries) {
            if (commonName != null && user.equals(entry.userFor(commonName))) {
                return true;
            }
            for (String alternative : alternativeNames) {
                if (user.equals(entry.userFor(alternative))) {
                    return true;
                }
            }
        }
        return false;
    }
}
