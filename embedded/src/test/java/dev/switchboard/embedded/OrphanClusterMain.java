// Test helper process: starts a cluster, reports it on stdout, then waits to be killed with SIGKILL.
package dev.switchboard.embedded;

final class OrphanClusterMain {

    private OrphanClusterMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        PgCluster cluster = PgCluster.builder().start();
        System.out.println("READY " + cluster.primary().postmasterPid().orElse(-1) + " " + cluster.baseDir());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
