package dev.ergon.connector.http;

/** What {@code dispatchTransactions} sends as the JSON body (setting {@code dispatch_body}). */
public enum DispatchBody {
  /** The transaction's payload as JSON. */
  PAYLOAD,
  /**
   * An envelope {@code {"id": …, "payload": …, "metadata": {…}}}, which a source on the same API
   * reads back with {@code id_pointer=/id}, {@code payload_pointer=/payload} and {@code
   * metadata_pointer=/metadata}.
   */
  ENVELOPE
}
