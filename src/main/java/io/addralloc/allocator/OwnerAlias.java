package io.addralloc.allocator;

/**
 * The map value of a reservation made with an owner object equal to its holder's owner but not the
 * same object: the reservation reports the object passed when it was made, as the allocator
 * promises, while counting toward the one holder of all equal owners.
 */
final class OwnerAlias<O> {
    final Holder<O> holder;
    final O owner;

    OwnerAlias(Holder<O> holder, O owner) {
        this.holder = holder;
        this.owner = owner;
    }
}
