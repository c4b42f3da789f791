package com.cspmarket.portal;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param gatewayUrl  the one public base URL of the API: every page reads and writes through it, with the signed-in
 *                    user's token
 * @param identityUrl the identity provider (its end-session endpoint signs the user out there too)
 */
@ConfigurationProperties("portal")
public record PortalProperties(String gatewayUrl, String identityUrl) {
}
