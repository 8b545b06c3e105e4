package io.addralloc.report;

import io.addralloc.result.FileResult;
import io.addralloc.result.Finding;
import java.io.IOException;
import java.util.List;

/**
 * Findings in checkstyle's XML report format ({@code checkstyle-result.xml}), which Jenkins
 * Warnings NG, SonarQube and most CI tools read. The {@code source} attribute carries the rule
 * id, which Warnings NG splits into category and type. File names are absolute, as
 * maven-checkstyle-plugin writes them, so a reader finds the files from any directory.
 */
public final class CheckstyleReport {
    private CheckstyleReport() {}

    /** Every checked file appears, with no {@code error} child when it is clean (as checkstyle does). */
    public static String render(List<FileResult> results, ReportContext context) {
        return Rendering.asString(out -> write(out, results, context));
    }

    /** What {@link #render} returns, written to {@code out} as it is made. */
    public static void write(Appendable out, List<FileResult> results, ReportContext context) throws IOException {
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.append("<checkstyle version=\"").append(Xml.escape("addralloc-" + context.version())).append("\">\n");
        for (FileResult r : results) {
            // Escaped like a finding's path: a name may hold a line feed or bidi controls.
            out.append("  <file name=\"").append(Xml.escape(Finding.escape(context.absolute(r.path())))).append('"');
            if (r.findings().isEmpty()) {
                out.append("/>\n");
                continue;
            }
            out.append(">\n");
            for (Finding f : r.findings()) {
                out.append("    <error line=\"").append(Integer.toString(f.line())).append("\" column=\"")
                        .append(Integer.toString(f.column())).append("\" severity=\"").append(f.severity().word())
                        .append("\" message=\"").append(Xml.escape(f.message())).append("\" source=\"")
                        .append(Xml.escape(f.rule().id())).append("\"/>\n");
            }
            out.append("  </file>\n");
        }
        out.append("</checkstyle>\n");
    }
}
