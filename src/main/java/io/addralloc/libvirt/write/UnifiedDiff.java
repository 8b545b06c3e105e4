package io.addralloc.libvirt.write;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff of two texts by lines (Myers' algorithm), as {@code diff -u} prints it, for
 * {@code assign -DdryRun}. Edits from assign are small, so the O((N+M)·D) search is cheap.
 */
public final class UnifiedDiff {
    private static final int CONTEXT = 3;

    private UnifiedDiff() {}

    private enum Op { KEEP, DELETE, INSERT }

    private record Line(Op op, String text) {
    }

    public static String of(String path, String before, String after) {
        List<String> a = lines(before);
        List<String> b = lines(after);
        List<Line> script = diff(a, b);
        StringBuilder out = new StringBuilder();
        out.append("--- a/").append(path).append('\n').append("+++ b/").append(path).append('\n');
        int i = 0;
        int oldLine = 1;
        int newLine = 1;
        while (i < script.size()) {
            if (script.get(i).op() == Op.KEEP) {
                i++;
                oldLine++;
                newLine++;
                continue;
            }
            int start = Math.max(0, i - CONTEXT);
            int hunkOld = oldLine - (i - start);
            int hunkNew = newLine - (i - start);
            int end = i;
            int keepRun = 0;
            while (end < script.size() && keepRun <= 2 * CONTEXT) {
                keepRun = script.get(end).op() == Op.KEEP ? keepRun + 1 : 0;
                end++;
            }
            end = Math.min(script.size(), end - Math.max(0, keepRun - CONTEXT));
            int oldCount = 0;
            int newCount = 0;
            StringBuilder body = new StringBuilder();
            for (int k = start; k < end; k++) {
                Line l = script.get(k);
                switch (l.op()) {
                    case KEEP -> {
                        body.append(' ').append(l.text()).append('\n');
                        oldCount++;
                        newCount++;
                    }
                    case DELETE -> {
                        body.append('-').append(l.text()).append('\n');
                        oldCount++;
                    }
                    case INSERT -> {
                        body.append('+').append(l.text()).append('\n');
                        newCount++;
                    }
                }
            }
            out.append("@@ -").append(hunkOld).append(',').append(oldCount).append(" +").append(hunkNew).append(',')
                    .append(newCount).append(" @@\n").append(body);
            for (int k = i; k < end; k++) {
                Op op = script.get(k).op();
                if (op != Op.INSERT) {
                    oldLine++;
                }
                if (op != Op.DELETE) {
                    newLine++;
                }
            }
            i = end;
        }
        return out.toString();
    }

    /** The lines of a text, without their ends (LF, CRLF or a lone CR). */
    public static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                lines.add(text.substring(start, i));
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }

    /** Myers' shortest edit script, recovered by backtracking through the saved frontiers. */
    private static List<Line> diff(List<String> a, List<String> b) {
        int n = a.size();
        int m = b.size();
        int max = n + m;
        int offset = max + 1;
        int[] v = new int[2 * max + 3];
        List<int[]> trace = new ArrayList<>();
        int found = -1;
        for (int d = 0; d <= max && found < 0; d++) {
            trace.add(v.clone());
            for (int k = -d; k <= d; k += 2) {
                int x = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) ? v[offset + k + 1]
                        : v[offset + k - 1] + 1;
                int y = x - k;
                while (x < n && y < m && a.get(x).equals(b.get(y))) {
                    x++;
                    y++;
                }
                v[offset + k] = x;
                if (x >= n && y >= m) {
                    found = d;
                    break;
                }
            }
        }
        List<Line> script = new ArrayList<>();
        int x = n;
        int y = m;
        for (int d = found; d > 0; d--) {
            int[] pv = trace.get(d);
            int k = x - y;
            int prevK = (k == -d || (k != d && pv[offset + k - 1] < pv[offset + k + 1])) ? k + 1 : k - 1;
            int prevX = pv[offset + prevK];
            int prevY = prevX - prevK;
            while (x > prevX && y > prevY) {
                script.add(new Line(Op.KEEP, a.get(--x)));
                y--;
            }
            if (x == prevX) {
                script.add(new Line(Op.INSERT, b.get(--y)));
            } else {
                script.add(new Line(Op.DELETE, a.get(--x)));
            }
        }
        while (x > 0 && y > 0) {
            script.add(new Line(Op.KEEP, a.get(--x)));
            y--;
        }
        java.util.Collections.reverse(script);
        return script;
    }
}
