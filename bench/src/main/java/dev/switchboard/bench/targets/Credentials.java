// Credentials: the role and database every target serves to the load drivers.
package dev.switchboard.bench.targets;

/** The login the benchmark uses everywhere (created by {@link BenchPostgres}). */
public record Credentials(String user, String password, String database) {

    /** role app / password app / database app, as in {@code switchboard demo}. */
    public static final Credentials APP = new Credentials("app", "app", "app");

    /** The poolers' second database: the same PostgreSQL database, reached over PostgreSQL's Unix socket. */
    public String unixDatabase() {
        return database + "_unix";
    }
}
