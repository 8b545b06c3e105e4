package io.addralloc.libvirt.assign;

import io.addralloc.libvirt.model.Device;
import io.addralloc.libvirt.model.DeviceKind;
import io.addralloc.libvirt.model.Domain;
import java.util.List;

/**
 * The {@code <target port>} numbers libvirt gives character devices that name none. Serials the
 * file types {@code isa-serial} take the lowest free ISA port first (virDomainChrIsaSerialDefPostParse,
 * which runs before the machine's default target type is filled in); then every serial still
 * without one, in order, takes one above the highest any serial has (virDomainChrDefPostParse),
 * and every parallel port one above the highest before it. A console's port is its position
 * among the file's consoles, whatever the file says; one that stands for the first serial shows
 * that serial's port.
 * Runs after validation, which judges the ports the file gives.
 */
public final class CharDevicePorts {
    private static final int ISA_PORTS = 4;

    private CharDevicePorts() {}

    public static void assign(Domain domain) {
        List<Device> serials = domain.of(DeviceKind.SERIAL);
        boolean[] isaUsed = new boolean[ISA_PORTS];
        List<Device> writtenIsa = serials.isEmpty() ? List.of()
                : serials.stream().filter(CharDevicePorts::writtenIsa).toList();
        for (Device s : writtenIsa) {
            if (s.targetPort >= 0 && s.targetPort < ISA_PORTS) {
                isaUsed[(int) s.targetPort] = true;
            }
        }
        for (Device s : writtenIsa) {
            if (s.targetPort >= 0) {
                continue;
            }
            for (int p = 0; p < ISA_PORTS; p++) {
                if (!isaUsed[p]) {
                    isaUsed[p] = true;
                    s.targetPort = p;
                    break;
                }
            }
        }
        aboveHighest(serials, false);
        // Parallel ports are numbered while parsing, against the ones before them only.
        aboveHighest(domain.of(DeviceKind.PARALLEL), true);
        int position = 0;
        for (Device c : domain.of(DeviceKind.CONSOLE)) {
            boolean written = c.element() != null;
            // Whatever the file says, libvirt numbers the file's consoles by position while parsing;
            // one that stands for the first serial shows that serial's port.
            c.targetPort = c.serialAlias && !serials.isEmpty() ? serials.get(0).targetPort : written ? position : 0;
            position += written ? 1 : 0;
        }
    }

    private static boolean writtenIsa(Device s) {
        return s.element() != null && "isa-serial".equals(s.element().element("target") == null ? null
                : s.element().element("target").attributeValue("type"));
    }

    private static void aboveHighest(List<Device> devices, boolean earlierOnly) {
        for (int i = 0; i < devices.size(); i++) {
            Device d = devices.get(i);
            if (d.targetPort >= 0) {
                continue;
            }
            long max = -1;
            for (int j = 0; j < (earlierOnly ? i : devices.size()); j++) {
                max = Math.max(max, devices.get(j).targetPort);
            }
            d.targetPort = max + 1;
        }
    }
}
