package io.addralloc.engine;

import io.addralloc.result.FileFacts;
import io.addralloc.result.FileKind;
import io.addralloc.result.FileResult;
import io.addralloc.result.Finding;
import io.addralloc.rules.Rule;
import io.addralloc.rules.Severity;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A compact binary form of {@link FileResult}, for the incremental cache. Plain data written
 * field by field (no Java serialization), so a damaged or tampered cache can only fail to read,
 * never run code; the caller then checks the file again.
 */
public final class FileResultCodec {
    private FileResultCodec() {}

    public static void write(DataOutput out, FileResult r) throws IOException {
        out.writeUTF(r.kind().name());
        // The finding that counts the omitted ones is made again from the counts.
        List<Finding> listed = r.findings().stream().filter(f -> f.rule() != Rule.FILE_TOO_MANY_FINDINGS).toList();
        out.writeInt(r.omitted().errors());
        out.writeInt(r.omitted().warnings());
        out.writeInt(r.omitted().infos());
        out.writeInt(listed.size());
        for (Finding f : listed) {
            out.writeUTF(f.rule().name());
            out.writeUTF(f.severity().name());
            out.writeInt(f.line());
            out.writeInt(f.column());
            writeLong(out, f.message());
            writeLong(out, f.element());
            Finding.Related related = f.related();
            out.writeBoolean(related != null);
            if (related != null) {
                writeNullable(out, related.path());
                out.writeInt(related.line());
                out.writeInt(related.column());
                writeLong(out, related.element());
            }
        }
        FileFacts facts = r.facts();
        out.writeUTF(facts.kind().name());
        writeNullable(out, facts.name());
        writePosition(out, facts.nameAt());
        writeNullable(out, facts.uuid());
        writePosition(out, facts.uuidAt());
        out.writeInt(facts.nics().size());
        for (FileFacts.Nic n : facts.nics()) {
            writeNullable(out, n.mac());
            writeNullable(out, n.network());
            writePosition(out, n.at());
        }
        out.writeInt(facts.hosts().size());
        for (FileFacts.Host h : facts.hosts()) {
            writeNullable(out, h.mac());
            writeNullable(out, h.name());
            writeNullable(out, h.ip());
            writePosition(out, h.at());
        }
        FileFacts.Hotplug hp = facts.hotplug();
        out.writeBoolean(hp != null);
        if (hp != null) {
            out.writeBoolean(hp.ports());
            writeLong(out, hp.machine());
            out.writeInt(hp.free());
            out.writeBoolean(hp.pinned());
            writePosition(out, hp.at());
        }
    }

    /**
     * Reads what {@link #write} wrote, for the file at {@code path}.
     *
     * @throws IOException when the data is damaged (including unknown rule names from another version)
     */
    public static FileResult read(DataInput in, String path) throws IOException {
        try {
            FileKind kind = FileKind.valueOf(in.readUTF());
            FileResult.Omitted omitted = new FileResult.Omitted(count(in), count(in), count(in));
            int n = count(in);
            List<Finding> findings = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Rule rule = Rule.valueOf(in.readUTF());
                Severity severity = Severity.valueOf(in.readUTF());
                int line = in.readInt();
                int column = in.readInt();
                String message = readLong(in);
                String element = readLong(in);
                Finding.Related related = in.readBoolean()
                        ? new Finding.Related(readNullable(in), in.readInt(), in.readInt(), readLong(in)) : null;
                findings.add(new Finding(rule, severity, path, line, column, message, element, related));
            }
            FileKind factsKind = FileKind.valueOf(in.readUTF());
            String name = readNullable(in);
            FileFacts.Position nameAt = readPosition(in);
            String uuid = readNullable(in);
            FileFacts.Position uuidAt = readPosition(in);
            int nn = count(in);
            List<FileFacts.Nic> nics = new ArrayList<>(nn);
            for (int i = 0; i < nn; i++) {
                nics.add(new FileFacts.Nic(readNullable(in), readNullable(in), readPosition(in)));
            }
            int nh = count(in);
            List<FileFacts.Host> hosts = new ArrayList<>(nh);
            for (int i = 0; i < nh; i++) {
                hosts.add(new FileFacts.Host(readNullable(in), readNullable(in), readNullable(in), readPosition(in)));
            }
            FileFacts.Hotplug hotplug = in.readBoolean()
                    ? new FileFacts.Hotplug(in.readBoolean(), readLong(in), count(in), in.readBoolean(), readPosition(in))
                    : null;
            return new FileResult(path, kind, findings,
                    new FileFacts(factsKind, name, nameAt, uuid, uuidAt, nics, hosts, hotplug), omitted);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IOException("damaged cache entry", e);
        }
    }

    private static int count(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1_000_000) {
            throw new IOException("damaged cache entry");
        }
        return n;
    }

    // writeUTF stops at 64 KiB; a message can quote many devices.
    private static void writeLong(DataOutput out, String s) throws IOException {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readLong(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 16 << 20) {
            throw new IOException("damaged cache entry");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void writeNullable(DataOutput out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            writeLong(out, s);
        }
    }

    private static String readNullable(DataInput in) throws IOException {
        return in.readBoolean() ? readLong(in) : null;
    }

    private static void writePosition(DataOutput out, FileFacts.Position p) throws IOException {
        out.writeInt(p == null ? -1 : p.line());
        out.writeInt(p == null ? -1 : p.column());
    }

    private static FileFacts.Position readPosition(DataInput in) throws IOException {
        int line = in.readInt();
        int column = in.readInt();
        return line < 0 ? null : new FileFacts.Position(line, column);
    }
}
