package io.addralloc.libvirt.assign;

import io.addralloc.allocator.Address;
import io.addralloc.allocator.AddressAllocator;
import io.addralloc.allocator.AddressSpace;
import io.addralloc.allocator.FieldRange;
import io.addralloc.allocator.Reservation;
import io.addralloc.allocator.ReserveResult;
import io.addralloc.libvirt.model.Addr;
import io.addralloc.libvirt.model.AddressUnion;
import io.addralloc.libvirt.model.Device;
import io.addralloc.libvirt.model.DeviceKind;
import io.addralloc.libvirt.model.Domain;
import io.addralloc.libvirt.model.Problem;
import io.addralloc.libvirt.model.Problems;
import io.addralloc.libvirt.parse.Numbers;
import io.addralloc.rules.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * pseries VIO bus addresses ({@code reg}), as libvirt gives them at define. VLAN NICs, IBM
 * vSCSI controllers and spapr TPMs (on any machine, as libvirt does), and on pseries serial ports
 * and the NVRAM, sit on the VIO bus; each kind has a
 * default reg (QEMU's), and a device that names none takes its kind's default, moved up by 0x1000
 * until no other device holds it. A reg the file gives must be unique.
 *
 * <p>The reg is split into a 4 KiB page and an offset, so that "the default, then every 0x1000
 * above it" is a first-free search over pages at offset 0 in the allocator core.
 */
public final class SpaprVioAssigner {
    static final AddressSpace REG = AddressSpace.builder("spapr-vio").field("page", 52).field("offset", 12, "+")
            .build();
    private static final long STEP = 0x1000;

    private SpaprVioAssigner() {}

    public static void run(Domain domain, Problems problems) {
        boolean pseries = domain.machine() == Domain.Machine.PSERIES;
        List<VioDevice> order = new ArrayList<>();
        for (Device n : domain.of(DeviceKind.INTERFACE)) {
            add(order, n, "spapr-vlan".equals(n.model), 0x1000);
        }
        for (Device c : domain.controllers()) {
            add(order, c, "scsi".equals(c.type) && "ibmvscsi".equals(c.model), 0x2000);
        }
        for (Device s : domain.of(DeviceKind.SERIAL)) {
            add(order, s, pseries && "spapr-vio-serial".equals(s.targetType), 0x30000000L);
        }
        for (Device v : domain.of(DeviceKind.NVRAM)) {
            add(order, v, pseries, 0x3000);
        }
        for (Device t : domain.of(DeviceKind.TPM)) {
            add(order, t, "tpm-spapr".equals(t.model) || (pseries && t.model == null), 0x4000);
        }
        for (VioDevice v : order) {
            Device d = v.device();
            // The reader refuses a larger reg the file gives, so this one comes from another type's address.
            if (d.addr instanceof Addr.SpaprVio vio && vio.reg() > Numbers.UINT_MAX && d.xmlAddr != null) {
                problems.add(Problem.error(Rule.ADDRESS_INVALID_VALUE, Device.addressOf(d),
                        String.format(Locale.ROOT, "%s sits on the spapr-vio bus, and libvirt reads its %s address"
                                + " as reg 0x%x, beyond the largest reg, 0xffffffff (libvirt: spapr-vio reg='0x%x'"
                                + " exceeds maximum possible value (0xffffffff)); give it a spapr-vio address or"
                                + " remove the address", d.describe(), d.xmlAddr.type(), vio.reg(), vio.reg())));
            }
        }
        // Most domains have no VIO device at all; they need no allocator.
        AddressAllocator<Device> regs = order.isEmpty() ? null : newRegs();
        for (Device d : domain.all()) {
            // A serial console repeats its serial's address; it holds no reg of its own.
            if (d.kind() != DeviceKind.CONSOLE && d.addr instanceof Addr.SpaprVio v && v.isAssigned()) {
                if (regs == null) {
                    regs = newRegs();
                }
                ReserveResult<Device> r = regs.reserve(address(v.reg()), d);
                if (r instanceof ReserveResult.Conflict<Device> conflict) {
                    problems.add(Problem.error(Rule.SPAPR_VIO_DUPLICATE, Device.addressOf(d),
                            String.format(Locale.ROOT, "spapr-vio reg 0x%x of %s is already used by %s (libvirt:"
                                    + " spapr-vio address 0x%x already in use); give one of them another reg or"
                                    + " remove its address", v.reg(), d.describe(), conflict.currentOwner().describe(),
                                    v.reg())).with(Device.addressOf(conflict.currentOwner())));
                }
            }
        }
        for (VioDevice v : order) {
            Device d = v.device();
            if (!(d.addr instanceof Addr.SpaprVio vio) || vio.isAssigned()) {
                continue;
            }
            Optional<Reservation<Device>> r = regs.reserveFirstFree(REG.patternBuilder()
                    .range("page", v.defaultReg() / STEP, (1L << 52) - 1).value("offset", 0).build(), d);
            if (r.isPresent()) {
                Address a = r.get().address();
                d.addr = new Addr.SpaprVio(a.get(0) * STEP + a.get(1));
            }
        }
    }

    private static AddressAllocator<Device> newRegs() {
        AddressAllocator<Device> regs = new AddressAllocator<>(REG);
        regs.addPool(REG.pool(FieldRange.of(0, (1L << 52) - 1), FieldRange.of(0, STEP - 1)));
        return regs;
    }

    /** A device on the VIO bus and the reg its kind starts from. */
    private record VioDevice(Device device, long defaultReg) {
    }

    /** Puts a VIO device in the assignment order, marking it as one when libvirt would. */
    private static void add(List<VioDevice> order, Device d, boolean onVio, long defaultReg) {
        if (onVio && d.addr == null && !d.addrInvalid) {
            d.addr = new Addr.SpaprVio(-1);
        } else if (onVio && d.addr != null && !(d.addr instanceof Addr.SpaprVio)) {
            // libvirt retypes any other address in place and reads its fields as a VIO address
            // (they share memory): the first two 32-bit fields make the reg, and the low byte of
            // the third says whether one is given.
            d.addr = overlay(d.addr);
        }
        if (d.addr instanceof Addr.SpaprVio) {
            order.add(new VioDevice(d, defaultReg));
        }
    }

    /** The reg a VIO device reads from another type's address: words 0 and 1, given when word 2's low byte is set. */
    private static Addr.SpaprVio overlay(Addr a) {
        boolean given = (AddressUnion.word(a, 2) & 0xff) != 0;
        return new Addr.SpaprVio(given ? AddressUnion.word(a, 0) | AddressUnion.word(a, 1) << 32 : -1);
    }

    private static Address address(long reg) {
        return REG.address(reg / STEP, reg % STEP);
    }
}
