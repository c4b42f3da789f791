package com.cspmarket.system;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

class ThreadCpuTest {

    @Test
    void aPoolsThreadsCountTogether() {
        assertThat(ThreadCpu.groupOf("http-nio-auto-1")).isEqualTo(ThreadCpu.groupOf("http-nio-auto-12"))
                .isEqualTo("http-nio-auto-#");
        assertThat(ThreadCpu.groupOf("VM Thread")).isEqualTo("VM Thread");
    }

    @Test
    void theVmThreadsWaitIsCountedApart() {
        Map<Long, ThreadCpu.ThreadAccount> accounts = Map.of(
                1L, new ThreadCpu.ThreadAccount("VM Thread", 10, 300),
                2L, new ThreadCpu.ThreadAccount("http-nio-#-", 50, 700));

        assertThat(ThreadCpu.waits(accounts)).isEqualTo(new ThreadCpu.Waits(1_000, 300));
    }

    @Test
    void aThreadsAccountHoldsTheCpuItUsed() throws Exception {
        java.util.concurrent.CountDownLatch used = new java.util.concurrent.CountDownLatch(1);
        Thread busy = new Thread(() -> { // 200 ms of its own CPU, then it waits to be read
            var bean = java.lang.management.ManagementFactory.getThreadMXBean();
            while (bean.getCurrentThreadCpuTime() < 200_000_000L) {
                Thread.onSpinWait();
            }
            used.countDown();
            LockSupport.parkNanos(30_000_000_000L);
        }, "busy-worker-7");
        busy.setDaemon(true);
        busy.start();
        assertThat(used.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        Map<Long, ThreadCpu.ThreadAccount> accounts = ThreadCpu.accounts(ProcessHandle.current().pid());

        assertThat(accounts.values()).filteredOn(a -> a.group().equals("busy-worker-#")).singleElement()
                .satisfies(a -> assertThat(a.ranNanos()).isGreaterThanOrEqualTo(190_000_000L));
        assertThat(ThreadCpu.waits(accounts).allNanos()).as("the threads' waits summed")
                .isEqualTo(accounts.values().stream().mapToLong(ThreadCpu.ThreadAccount::waitedNanos).sum());
        busy.interrupt();
    }
}
