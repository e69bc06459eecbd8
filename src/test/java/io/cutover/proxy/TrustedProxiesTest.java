package io.cutover.proxy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {
  private final TrustedProxies trusted =
      TrustedProxies.parse(List.of("10.0.0.0/8", "192.168.1.7", "fd00::/8", "2001:db8::/33"));

  @Test
  void ipv4RangesAndSingleAddressesMatch() throws Exception {
    assertTrue(trusted.contains(InetAddress.getByName("10.200.3.4")));
    assertTrue(trusted.contains(InetAddress.getByName("192.168.1.7")));
    assertFalse(trusted.contains(InetAddress.getByName("192.168.1.8")));
    assertFalse(trusted.contains(InetAddress.getByName("11.0.0.1")));
  }

  @Test
  void ipv6RangesMatchOnTheirPrefixBits() throws Exception {
    assertTrue(trusted.contains(InetAddress.getByName("fd12:3456::1")));
    assertTrue(trusted.contains(InetAddress.getByName("2001:db8:7fff::1")));
    assertFalse(trusted.contains(InetAddress.getByName("2001:db8:8000::1")));
    assertFalse(trusted.contains(InetAddress.getByName("::1")));
  }

  @Test
  void anIpv4PeerSeenAsAMappedIpv6AddressMatchesIpv4Ranges() throws Exception {
    byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 1, 2, 3};
    assertTrue(trusted.contains(InetAddress.getByAddress(mapped)));
  }

  @Test
  void noEntriesTrustsNobody() throws Exception {
    assertTrue(TrustedProxies.parse(List.of()).isEmpty());
    assertFalse(TrustedProxies.NONE.contains(InetAddress.getByName("127.0.0.1")));
  }

  @Test
  void anEntryThatIsNoAddressLiteralIsRefusedWithItsText() {
    for (String bad : List.of("proxy.example", "10.0.0.0/33", "::/129", "10.0.0.0/x", "1.2.3")) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse(List.of(bad)));
      assertTrue(e.getMessage().contains(bad), e.getMessage());
    }
  }
}
