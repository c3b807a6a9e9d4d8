package dev.tickets.projector.projection;

/**
 * What one conditional write of a replica found.
 *
 * @param written whether the write took the replica to the new version
 * @param stored when not written, the version the replica holds ({@code null}: no replica yet)
 */
public record WriteResult(boolean written, Long stored) {

  private static final WriteResult WRITTEN = new WriteResult(true, null);

  public static WriteResult applied() {
    return WRITTEN;
  }

  public static WriteResult notWritten(Long stored) {
    return new WriteResult(false, stored);
  }
}
