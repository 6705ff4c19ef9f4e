package dev.ergon.spring.internal;

import java.util.Set;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.health.AdditionalHealthEndpointPath;
import org.springframework.boot.actuate.health.HealthEndpointGroup;
import org.springframework.boot.actuate.health.HealthEndpointGroups;
import org.springframework.boot.actuate.health.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.actuate.health.HttpCodeStatusMapper;
import org.springframework.boot.actuate.health.StatusAggregator;

/**
 * Makes {@code ergonLiveness} a member of the {@code liveness} health group and {@code
 * ergonReadiness} of the {@code readiness} group, whether Spring Boot's probes made those groups or
 * the application configured them; groups that do not exist are left alone.
 */
public final class ProbeGroups implements HealthEndpointGroupsPostProcessor {
  /** The liveness indicator's name. */
  public static final String LIVENESS = "ergonLiveness";

  /** The readiness indicator's name. */
  public static final String READINESS = "ergonReadiness";

  @Override
  public HealthEndpointGroups postProcessHealthEndpointGroups(HealthEndpointGroups groups) {
    return new HealthEndpointGroups() {
      @Override
      public HealthEndpointGroup getPrimary() {
        return groups.getPrimary();
      }

      @Override
      public Set<String> getNames() {
        return groups.getNames();
      }

      @Override
      public HealthEndpointGroup get(String name) {
        HealthEndpointGroup g = groups.get(name);
        if (g == null) {
          return null;
        }
        return switch (name) {
          case "liveness" -> new WithMember(g, LIVENESS);
          case "readiness" -> new WithMember(g, READINESS);
          default -> g;
        };
      }
    };
  }

  /** A group with one more member. */
  private record WithMember(HealthEndpointGroup group, String member)
      implements HealthEndpointGroup {
    @Override
    public boolean isMember(String name) {
      return member.equals(name) || group.isMember(name);
    }

    @Override
    public boolean showComponents(SecurityContext securityContext) {
      return group.showComponents(securityContext);
    }

    @Override
    public boolean showDetails(SecurityContext securityContext) {
      return group.showDetails(securityContext);
    }

    @Override
    public StatusAggregator getStatusAggregator() {
      return group.getStatusAggregator();
    }

    @Override
    public HttpCodeStatusMapper getHttpCodeStatusMapper() {
      return group.getHttpCodeStatusMapper();
    }

    @Override
    public AdditionalHealthEndpointPath getAdditionalPath() {
      return group.getAdditionalPath();
    }
  }
}
