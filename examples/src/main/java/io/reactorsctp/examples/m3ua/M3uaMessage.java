package io.reactorsctp.examples.m3ua;

import java.util.List;
import java.util.Optional;

/**
 * One M3UA message (RFC 4666 §3.1): class, type and parameters. Version (1) and the reserved byte
 * are implied; the length follows from the parameters.
 *
 * @param messageClass the message class ({@link M3ua#CLASS_ASPSM}, …)
 * @param messageType the type within the class
 * @param parameters the parameters in order
 */
public record M3uaMessage(int messageClass, int messageType, List<M3uaParameter> parameters) {

  /** Bytes of the common header. */
  public static final int HEADER_LENGTH = 8;

  /** Checks what the wire format cannot carry. */
  public M3uaMessage {
    if (messageClass < 0 || messageClass > 0xFF) {
      throw new IllegalArgumentException("messageClass: " + messageClass + " is outside 0..255");
    }
    if (messageType < 0 || messageType > 0xFF) {
      throw new IllegalArgumentException("messageType: " + messageType + " is outside 0..255");
    }
    parameters = List.copyOf(parameters);
  }

  /**
   * @param messageClass the class
   * @param messageType the type
   * @param parameters the parameters
   * @return the message
   */
  public static M3uaMessage of(int messageClass, int messageType, M3uaParameter... parameters) {
    return new M3uaMessage(messageClass, messageType, List.of(parameters));
  }

  /**
   * @param tag a parameter tag
   * @return the first parameter with that tag, if any
   */
  public Optional<M3uaParameter> parameter(int tag) {
    return parameters.stream().filter(p -> p.tag() == tag).findFirst();
  }

  /**
   * @param messageClass a class
   * @param messageType a type
   * @return whether this is that message
   */
  public boolean is(int messageClass, int messageType) {
    return this.messageClass == messageClass && this.messageType == messageType;
  }

  /**
   * @return the message's name: ASPUP, ASPAC-ACK, DATA, …
   */
  public String name() {
    return M3ua.name(messageClass, messageType);
  }

  @Override
  public String toString() {
    return name() + parameters;
  }
}
