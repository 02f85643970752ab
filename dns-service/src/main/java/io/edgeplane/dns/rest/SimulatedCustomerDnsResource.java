package io.edgeplane.dns.rest;

import io.edgeplane.dns.config.DnsConfig;
import io.edgeplane.dns.domain.DnsNames;
import io.edgeplane.dns.simulated.SimulatedDistributionTenants;
import io.edgeplane.platform.rest.Problem;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The local stack's stand-in for a customer creating the CNAME a distribution tenant waits for: the simulated
 * CloudFront does not resolve DNS, so {@code ./edgeplane up}'s demo says here that {@code domain} now points at the
 * routing endpoint. Answers 404 unless CloudFront is simulated: in AWS, VerifyDnsConfiguration asks real DNS.
 */
@Path("/simulated/customer-dns")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "simulated")
public class SimulatedCustomerDnsResource {
    @Inject
    DnsConfig config;

    @Inject
    jakarta.enterprise.inject.Instance<SimulatedDistributionTenants> simulated;

    /** The record the customer created: {@code <domain> CNAME <target>}. */
    public record CustomerCname(
            @NotBlank @Pattern(regexp = "[A-Za-z0-9.-]{1,253}", message = "must be a DNS name") String target) {
    }

    @PUT
    @Path("{domain}")
    @Operation(summary = "Local stack only: the customer's CNAME for a custom domain now exists")
    public Response point(@PathParam("domain") String domain, @Valid @NotNull CustomerCname cname) {
        if (!"simulated".equals(config.cloudfront().adapter())) {
            return Problem.of(Response.Status.NOT_FOUND,
                    "customer DNS is simulated only with edgeplane.dns.cloudfront.adapter=simulated").toResponse();
        }
        if (!domain.matches("[A-Za-z0-9.-]{1,253}")) {
            return Problem.of(Response.Status.BAD_REQUEST, "domain '" + domain + "' is not a DNS name").toResponse();
        }
        simulated.get().pointDomain(DnsNames.normalize(domain), cname.target());
        return Response.noContent().build();
    }
}
