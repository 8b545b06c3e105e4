package io.addralloc.hostile;

import com.code_intelligence.jazzer.utils.Log;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Keeps Jazzer's progress lines ({@code INFO: Loaded 832 hooks ...}, {@code INFO: Instrumented
 * ...}, about 210 in a replay of the seed corpus) off stderr, where they buried the build's own
 * output. Its warnings, errors and findings still go to stderr. Fuzzing for real ({@code -Pfuzz},
 * which sets {@code JAZZER_FUZZ}) or {@code -Daddralloc.fuzz.verbose=true} keeps every line.
 * Registered in {@code META-INF/services}, so it runs before any test.
 */
public final class QuietJazzer implements LauncherSessionListener {
    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (System.getenv("JAZZER_FUZZ") != null || Boolean.getBoolean("addralloc.fuzz.verbose")) {
            return;
        }
        Log.fixOutErr(System.out, withoutInfo(System.err));
    }

    /** {@code err}, less the lines that start with {@code INFO:}. */
    static PrintStream withoutInfo(PrintStream err) {
        return new PrintStream(new OutputStream() {
            private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) {
                line.write(b);
                if (b == '\n') {
                    String text = line.toString(StandardCharsets.UTF_8);
                    line.reset();
                    if (!text.startsWith("INFO:")) {
                        err.print(text);
                        err.flush();
                    }
                }
            }
        }, true, StandardCharsets.UTF_8);
    }
}
