package io.addralloc.libvirt.assign;

import io.addralloc.allocator.AddressAllocator;
import io.addralloc.allocator.AddressPattern;
import io.addralloc.allocator.AddressSpace;
import io.addralloc.allocator.FieldRange;
import io.addralloc.allocator.Reservation;
import io.addralloc.allocator.ReserveResult;
import io.addralloc.libvirt.model.Addr;
import io.addralloc.libvirt.model.Device;
import io.addralloc.libvirt.model.Domain;
import io.addralloc.libvirt.model.Problem;
import io.addralloc.libvirt.model.Problems;
import io.addralloc.rules.Rule;
import java.util.Locale;
import java.util.Optional;

/**
 * s390 channel addresses, as libvirt gives them at define: every virtio device without an
 * address becomes a CCW device; the explicit devnos are registered first, in device order (a
 * repeat is an error), then each other CCW device takes the lowest free devno of channel
 * subsystem 0xfe, subchannel set 0, in the same order.
 */
public final class CcwAssigner {
    static final AddressSpace CCW = AddressSpace.builder("ccw").field("cssid", 8).field("ssid", 2, ".")
            .field("devno", 16, ".").build();
    /** Where libvirt puts devices that name no address: the virtual channel subsystem. */
    private static final AddressPattern AUTO = CCW.patternBuilder().value("cssid", 0xfe).value("ssid", 0)
            .range("devno", 0, 0xffff).build();

    private CcwAssigner() {}

    public static void run(Domain domain, Problems problems) {
        if (domain.machine() != Domain.Machine.S390_CCW) {
            return;
        }
        VirtioDevices.prime(domain, Addr.Ccw.UNASSIGNED, true);
        AddressAllocator<Device> devnos = new AddressAllocator<>(CCW);
        devnos.addPool(CCW.pool(FieldRange.of(0, 0xfe), FieldRange.of(0, 3), FieldRange.of(0, 0xffff)));
        for (Device d : domain.all()) {
            if (d.addr instanceof Addr.Ccw c && c.isAssigned()) {
                ReserveResult<Device> r = devnos.reserve(CCW.address(c.cssid(), c.ssid(), c.devno()), d);
                if (r instanceof ReserveResult.Conflict<Device> conflict) {
                    problems.add(Problem.error(Rule.CCW_DUPLICATE, Device.addressOf(d), String.format(Locale.ROOT,
                            "CCW devno %s of %s is already used by %s (libvirt: The CCW devno '%s' is in use"
                                    + " already); give one of them another devno or remove its address", c,
                            d.describe(), conflict.currentOwner().describe(), c))
                            .with(Device.addressOf(conflict.currentOwner())));
                }
            }
        }
        for (Device d : domain.all()) {
            if (d.addr instanceof Addr.Ccw c && !c.isAssigned()) {
                Optional<Reservation<Device>> r = devnos.reserveFirstFree(AUTO, d);
                if (r.isEmpty()) {
                    problems.add(Problem.error(Rule.CCW_DUPLICATE, d.element(), d.describe() + " gets no CCW"
                            + " address: every devno of channel subsystem 0xfe is taken (libvirt: There are no more"
                            + " free CCW devnos.)"));
                    continue;
                }
                var a = r.get().address();
                d.addr = new Addr.Ccw(a.get(0), a.get(1), a.get(2));
            }
        }
    }
}
