package io.addralloc.engine;

import io.addralloc.libvirt.write.DomainWriter;
import io.addralloc.result.FileKind;
import io.addralloc.result.FileResult;
import io.addralloc.result.Finding;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;

/**
 * verify: checks each file; its results depend on the file's bytes alone, so they are cached. A
 * template ({@link Templates}) is checked without its placeholders; any other domain that assign
 * would change gets the pinned check's finding ({@link PinCheck}), a warning here that
 * {@code requirePinned} makes an error when the run judges the findings.
 */
public final class VerifyGoal implements Goal {
    /** Stand-ins for the MACs assign would write: any valid ones tell whether and where it would change a file. */
    private static final List<String> ANY_MACS = Collections.nCopies(1 << 24, "52:54:00:00:00:00");

    private final FileChecker checker = new FileChecker();

    @Override
    public String name() {
        return "verify";
    }

    @Override
    public boolean cacheable() {
        return true;
    }

    @Override
    public FileResult process(Input in) {
        return check(checker, in);
    }

    /** What verify finds in one file: the checks, templates without their placeholders, the pinned check. */
    static FileResult check(FileChecker checker, Input in) {
        return check(checker.inspect(in.relative(), in.content()), in);
    }

    /** {@link #check(FileChecker, Input)} of a file already inspected (the report draws from the inspection first). */
    static FileResult check(FileChecker.Inspection inspection, Input in) {
        String text = new String(in.content(), StandardCharsets.UTF_8);
        FileResult r = inspection.result();
        if (Templates.isTemplate(text)) {
            if (inspection.xml() == null) {
                return new FileResult(r.path(), r.kind(), r.findings().stream()
                        .map(f -> Templates.explain(f, text, in.inDirectory())).toList(), r.facts(), r.omitted());
            }
            return Templates.result(r, inspection.xml());
        }
        if (r.kind() != FileKind.DOMAIN || r.hasErrors()) {
            return r;
        }
        DomainWriter.Result written = FileAssigner.written(inspection.xml(), inspection.simulation(), r, ANY_MACS);
        Finding unpinned = written == null ? null : PinCheck.unpinned(in.relative(), inspection.xml(), written, false);
        return unpinned == null ? r : r.plus(List.of(unpinned));
    }
}
