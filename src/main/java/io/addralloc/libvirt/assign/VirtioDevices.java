package io.addralloc.libvirt.assign;

import io.addralloc.libvirt.model.Addr;
import io.addralloc.libvirt.model.Device;
import io.addralloc.libvirt.model.Domain;


/**
 * Which devices libvirt moves off PCI onto another virtio transport: CCW on s390, virtio-mmio on
 * aarch64 virt when the file already uses virtio-mmio somewhere. Only devices without an address
 * move; an explicit address of any type is kept.
 */
public final class VirtioDevices {
    private VirtioDevices() {}

    /** Gives every address-less virtio device {@code addr}, in libvirt's device order. */
    static void prime(Domain domain, Addr addr, boolean ccw) {
        for (Device d : domain.all()) {
            if (d.address() == null && !d.addrInvalid && movesOffPci(d, ccw)) {
                d.place(addr);
            }
        }
    }

    /** aarch64 virt: one virtio-mmio address in the file makes every address-less virtio device use it. */
    public static void primeVirtioMmio(Domain domain) {
        if (domain.machine() != Domain.Machine.VIRT) {
            return;
        }
        for (Device d : domain.all()) {
            if (d.address() instanceof Addr.VirtioMmio) {
                prime(domain, new Addr.VirtioMmio(), false);
                return;
            }
        }
    }

    static boolean movesOffPci(Device d, boolean ccw) {
        return switch (d.kind()) {
            case DISK -> "virtio".equals(d.bus);
            case INTERFACE -> !"hostdev".equals(d.type) && isVirtioModel(d.model);
            case VIDEO -> "virtio".equals(d.model);
            case INPUT -> "virtio".equals(d.bus);
            case CONTROLLER -> "virtio-serial".equals(d.type) || "scsi".equals(d.type);
            case HOSTDEV -> "scsi_host".equals(d.type) || (ccw && "mdev".equals(d.type) && "vfio-ccw".equals(d.model));
            case MEMBALLOON, RNG -> isVirtioModel(d.model);
            case MEMORY -> "virtio-pmem".equals(d.model) || "virtio-mem".equals(d.model);
            case FILESYSTEM, VSOCK -> ccw;
            default -> false;
        };
    }

    private static boolean isVirtioModel(String model) {
        return "virtio".equals(model) || "virtio-transitional".equals(model)
                || "virtio-non-transitional".equals(model);
    }
}
