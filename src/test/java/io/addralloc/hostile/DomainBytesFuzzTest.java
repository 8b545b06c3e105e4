package io.addralloc.hostile;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * verify ({@code FileChecker}) and assign ({@code FileAssigner}) on arbitrary bytes: no exception,
 * every finding one calm line, a file with errors never rewritten, and what assign writes is
 * verify-clean and stable. Seeds: {@code DomainBytesFuzzTestInputs/checkAndAssign}.
 */
class DomainBytesFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void checkAndAssign(byte[] bytes) {
        FuzzChecks.checkAndAssign(bytes);
    }
}
