// JdbcStep: one generated step of a pgJDBC conversation, run the same way on the proxy and on the twin.
package dev.switchboard.proxy.it.stress;

/**
 * @param label    the SQL or operation, for failure messages
 * @param action   what a side does; an SQLException it throws becomes an ERROR outcome
 * @param expected what the proxy must answer regardless of the twin (a setting's SHOW value, or a
 *                 documented refusal), or null
 * @param proxyOnly the twin does not run it (the documented answer differs from PostgreSQL's by design)
 * @param effect   how the direct outcome changes the client's model
 */
record JdbcStep(String label, Action action, String expected, boolean proxyOnly, Effect effect) {
    @FunctionalInterface
    interface Action {
        Outcome run(JdbcSide side) throws Exception;
    }

    @FunctionalInterface
    interface Effect {
        void apply(ClientModel model, boolean succeeded, Outcome direct);
    }

    static final Effect NONE = (m, ok, d) -> {
    };

    static JdbcStep of(String label, Action action) {
        return new JdbcStep(label, action, null, false, NONE);
    }

    static JdbcStep of(String label, Action action, Effect effect) {
        return new JdbcStep(label, action, null, false, effect);
    }

    JdbcStep expecting(String value) {
        return new JdbcStep(label, action, value, proxyOnly, effect);
    }

    JdbcStep onlyThroughTheProxy(String documentedAnswer) {
        return new JdbcStep(label, action, documentedAnswer, true, effect);
    }
}
