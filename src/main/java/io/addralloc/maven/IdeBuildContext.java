package io.addralloc.maven;

import io.addralloc.engine.Ide;
import io.addralloc.result.FileResult;
import io.addralloc.result.Finding;
import java.nio.file.Path;
import java.util.List;
import org.sonatype.plexus.build.incremental.BuildContext;
import org.sonatype.plexus.build.incremental.DefaultBuildContext;

/**
 * An IDE's side of a run, through the build-context API Eclipse m2e implements: whether an
 * incremental build changed any scanned directory, and each finding as a marker on its file and
 * line. Maven's own context ({@link DefaultBuildContext}) would only log every finding a second
 * time, so outside an IDE this does nothing and a plain Maven run is as it was.
 */
final class IdeBuildContext implements Ide {
    private final BuildContext context;

    private IdeBuildContext(BuildContext context) {
        this.context = context;
    }

    /** The IDE's context, or an inactive one for Maven's default context (or none). */
    static IdeBuildContext of(BuildContext context) {
        return new IdeBuildContext(context == null || context instanceof DefaultBuildContext ? null : context);
    }

    /** Whether an IDE runs the build (findings become markers, and the build does not fail on them). */
    @Override
    public boolean active() {
        return context != null;
    }

    /** Whether this is an incremental build in which none of {@code directories} changed. */
    @Override
    public boolean nothingChanged(List<Path> directories) {
        return context != null && context.isIncremental()
                && directories.stream().noneMatch(d -> context.hasDelta(d.toFile()));
    }

    /**
     * Replaces each checked file's markers by its findings. {@code files} and {@code results} are
     * in the same order. Information has no marker of its own in the API and is left to the log.
     */
    @Override
    public void mark(List<Path> files, List<FileResult> results) {
        if (context == null) {
            return;
        }
        for (int i = 0; i < files.size(); i++) {
            java.io.File file = files.get(i).toFile();
            context.removeMessages(file);
            for (Finding f : results.get(i).findings()) {
                int severity = switch (f.severity()) {
                    case ERROR -> BuildContext.SEVERITY_ERROR;
                    case WARNING -> BuildContext.SEVERITY_WARNING;
                    case INFO -> 0;
                };
                if (severity != 0) {
                    context.addMessage(file, Math.max(f.line(), 1), Math.max(f.column(), 0),
                            f.message() + " [" + f.rule().id() + "]", severity, null);
                }
            }
        }
    }
}
