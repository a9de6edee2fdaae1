package io.reactorsctp.channel;

/**
 * A user event of {@link EpollSctpMultiChannel}: one association stopped taking messages (the
 * kernel refused one and later ones wait aside) or takes them again. The channel's own writability
 * covers all associations.
 *
 * @param associationId the association
 * @param writable whether it takes messages now
 */
public record SctpAssociationWritabilityChanged(int associationId, boolean writable) {}
