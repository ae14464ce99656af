// ProxyMeter: CPU seconds and RSS of the target's proxy process across one run (nothing for direct).
package dev.switchboard.bench.scenarios;

import dev.switchboard.bench.load.ProcessCpu;
import dev.switchboard.bench.targets.Target;
import java.util.OptionalLong;

/** Started before the load, read after it. */
final class ProxyMeter {
    private final OptionalLong pid;
    private final double cpuBefore;

    private ProxyMeter(OptionalLong pid, double cpuBefore) {
        this.pid = pid;
        this.cpuBefore = cpuBefore;
    }

    static ProxyMeter start(Target target) {
        OptionalLong pid = target.pid();
        return new ProxyMeter(pid, pid.isPresent() ? ProcessCpu.seconds(pid.getAsLong()) : Double.NaN);
    }

    /** CPU seconds the proxy spent per 1000 transactions since {@link #start}; NaN for direct or no transactions. */
    double cpuSecondsPer1000(long transactions) {
        if (pid.isEmpty() || transactions <= 0) {
            return Double.NaN;
        }
        return (ProcessCpu.seconds(pid.getAsLong()) - cpuBefore) * 1000.0 / transactions;
    }

    /** The proxy's resident memory now; -1 for direct. */
    long rssBytes() {
        return pid.isPresent() ? ProcessCpu.rssBytes(pid.getAsLong()) : -1;
    }
}
