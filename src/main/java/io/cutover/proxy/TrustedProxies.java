package io.cutover.proxy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The peers ({@code cutover.proxy.trusted-proxies}: IPv4 and IPv6 CIDRs or single addresses) whose
 * {@code X-Forwarded-*} headers are appended to rather than replaced. Decided once per connection,
 * never per request.
 */
public final class TrustedProxies {
  public static final TrustedProxies NONE = new TrustedProxies(List.of());

  private final List<Cidr> ranges;

  private TrustedProxies(List<Cidr> ranges) {
    this.ranges = List.copyOf(ranges);
  }

  /**
   * Parses {@code 10.0.0.0/8}, {@code 192.168.1.7}, {@code fd00::/8}, {@code ::1}.
   *
   * @throws IllegalArgumentException naming the entry that is not a literal address or CIDR
   */
  public static TrustedProxies parse(List<String> entries) {
    List<Cidr> ranges = new ArrayList<>();
    for (String entry : entries) {
      String text = entry.trim();
      if (!text.isEmpty()) {
        ranges.add(Cidr.parse(text));
      }
    }
    return ranges.isEmpty() ? NONE : new TrustedProxies(ranges);
  }

  public boolean isEmpty() {
    return ranges.isEmpty();
  }

  public boolean contains(InetAddress address) {
    if (address == null) {
      return false;
    }
    byte[] bytes = address.getAddress();
    for (Cidr range : ranges) {
      if (range.contains(bytes)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return ranges.toString();
  }

  private record Cidr(byte[] network, int prefix, String text) {
    static Cidr parse(String text) {
      int slash = text.indexOf('/');
      String host = slash < 0 ? text : text.substring(0, slash);
      // Only literals: a name here would make every start depend on DNS.
      if (host.isEmpty()
          || !(host.indexOf(':') >= 0 || host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}"))) {
        throw invalid(text, "not an IP address literal");
      }
      byte[] network;
      try {
        network = InetAddress.getByName(host).getAddress();
      } catch (UnknownHostException e) {
        throw invalid(text, "not an IP address literal");
      }
      int bits = network.length * 8;
      int prefix = bits;
      if (slash >= 0) {
        try {
          prefix = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
          throw invalid(text, "the prefix length is not a number");
        }
        if (prefix < 0 || prefix > bits) {
          throw invalid(text, "the prefix length must be 0 to " + bits);
        }
      }
      return new Cidr(network, prefix, text);
    }

    boolean contains(byte[] address) {
      byte[] candidate = address;
      if (candidate.length != network.length) {
        // An IPv4 peer seen on a dual-stack socket as ::ffff:a.b.c.d matches IPv4 ranges.
        candidate = mappedIpv4(candidate, network.length);
        if (candidate == null) {
          return false;
        }
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (candidate[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (candidate[full] & mask) == (network[full] & mask);
    }

    private static byte[] mappedIpv4(byte[] address, int wanted) {
      if (address.length != 16 || wanted != 4) {
        return null;
      }
      for (int i = 0; i < 10; i++) {
        if (address[i] != 0) {
          return null;
        }
      }
      if (address[10] != (byte) 0xff || address[11] != (byte) 0xff) {
        return null;
      }
      return new byte[] {address[12], address[13], address[14], address[15]};
    }

    private static IllegalArgumentException invalid(String text, String why) {
      return new IllegalArgumentException(
          "cutover.proxy.trusted-proxies entry '" + text + "' is " + why);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
