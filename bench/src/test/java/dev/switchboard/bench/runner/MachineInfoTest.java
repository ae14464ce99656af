// MachineInfoTest: the JDK a process runs on, read from its executable's home.
package dev.switchboard.bench.runner;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MachineInfoTest {

    @Test
    void namesTheJdkOfARunningProcess() {
        String java = MachineInfo.javaOf(ProcessHandle.current().pid());
        assertNotNull(java, "this JVM's release file");
        assertTrue(java.contains(Integer.toString(Runtime.version().feature())), java);
    }

    @Test
    void aProcessThatIsGoneHasNoJdk() {
        assertNull(MachineInfo.javaOf(Long.MAX_VALUE));
    }
}
