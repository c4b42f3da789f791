package com.cspmarket.portal;

import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Customers and selling to them: list, create, the customer's page; "Add subscription" (ISV offers, each eligible or
 * not for this customer's billing country with every failing rule explained), SKU, quantity, quoted price; cart,
 * review, checkout; the order with each line's status and its activation link.
 */
@Controller
class CustomersController {

    private final Api api;

    CustomersController(Api api) {
        this.api = api;
    }

    @GetMapping("/customers")
    String customers(Model model) {
        model.addAttribute("customers", api.items("/v1/customers"));
        return "customers";
    }

    @GetMapping("/customers/new")
    String newCustomer(Model model) {
        model.addAttribute("form", new LinkedHashMap<String, String>());
        return "customer-new";
    }

    @PostMapping("/customers")
    String createCustomer(@RequestParam Map<String, String> form, Model model) {
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("country", blankToNull(form.get("country")));
        address.put("city", blankToNull(form.get("city")));
        address.put("addressLine1", blankToNull(form.get("addressLine1")));
        address.put("postalCode", blankToNull(form.get("postalCode")));
        address.put("firstName", blankToNull(form.get("firstName")));
        address.put("lastName", blankToNull(form.get("lastName")));
        Map<String, Object> billing = new LinkedHashMap<>();
        billing.put("companyName", blankToNull(form.get("companyName")));
        billing.put("email", blankToNull(form.get("email")));
        billing.put("firstName", blankToNull(form.get("firstName")));
        billing.put("lastName", blankToNull(form.get("lastName")));
        billing.put("defaultAddress", address);
        Map<String, Object> body = Map.of("companyProfile", mapOf("domain", blankToNull(form.get("domain"))),
                "billingProfile", billing);
        try {
            Api.Response created = api.send(HttpMethod.POST, "/v1/customers", body, form.get("requestId"), null);
            return "redirect:/customers/" + created.body().get("id");
        } catch (ApiProblem problem) {
            model.addAttribute("problem", problem);
            model.addAttribute("form", form);
            model.addAttribute("requestId", form.get("requestId"));
            return "customer-new";
        }
    }

    @GetMapping("/customers/{customerId}")
    String customer(@PathVariable String customerId, Model model) {
        model.addAttribute("customer", api.get("/v1/customers/{id}", customerId));
        model.addAttribute("subscriptions", api.items("/v1/customers/{id}/subscriptions", customerId));
        model.addAttribute("orders", api.items("/v1/customers/{id}/orders", customerId));
        return "customer";
    }

    /** The ISV offers (publisher "Partner"), each with this customer's eligibility explained rule by rule. */
    @GetMapping("/customers/{customerId}/add")
    String addSubscription(@PathVariable String customerId, @RequestParam(required = false) String q,
                           @RequestParam(defaultValue = "0") int page, Model model) {
        Map<String, Object> customer = api.get("/v1/customers/{id}", customerId);
        String country = countryOf(customer);
        UriComponentsBuilder query = UriComponentsBuilder.fromPath("/v1/offers")
                .queryParam("publisherKind", "THIRD_PARTY").queryParam("size", MarketplaceController.PAGE_SIZE)
                .queryParam("page", Math.max(0, page));
        if (MarketplaceController.notBlank(q)) {
            query.queryParam("q", q.strip());
        }
        Map<String, Object> result = api.get(query.build().encode().toUri());
        List<Map<String, Object>> offers = new ArrayList<>();
        for (Object item : (List<?>) result.getOrDefault("items", List.of())) {
            @SuppressWarnings("unchecked") Map<String, Object> offer = new JsonObject((Map<String, Object>) item);
            offer.put("eligibility", api.get("/v1/offers/{id}/eligibility?country={c}", offer.get("offerId"), country));
            offers.add(offer);
        }
        long total = ((Number) result.getOrDefault("totalCount", 0)).longValue();
        model.addAttribute("customer", customer);
        model.addAttribute("country", country);
        model.addAttribute("offers", offers);
        model.addAttribute("q", q);
        model.addAttribute("page", Math.max(0, page));
        model.addAttribute("pages", Math.max(1, (total + MarketplaceController.PAGE_SIZE - 1) / MarketplaceController.PAGE_SIZE));
        return "add-subscription";
    }

    /** One offer for this customer: its SKUs buyable in the customer's country, with today's price and limits. */
    @GetMapping("/customers/{customerId}/add/{offerId}")
    String chooseSku(@PathVariable String customerId, @PathVariable String offerId, Model model) {
        Map<String, Object> customer = api.get("/v1/customers/{id}", customerId);
        String country = countryOf(customer);
        model.addAttribute("customer", customer);
        model.addAttribute("country", country);
        model.addAttribute("offer", api.get("/v1/offers/{id}", offerId));
        model.addAttribute("eligibility", api.get("/v1/offers/{id}/eligibility?country={c}", offerId, country));
        model.addAttribute("availabilities", api.items("/v1/offers/{id}/availabilities?country={c}", offerId, country));
        return "choose-sku";
    }

    /**
     * Into a cart: the customer's eligibility for this SKU and quantity is asked first (every failing rule shown next
     * to the quantity); then the cart is created and the partner reviews it before checking out.
     */
    @PostMapping("/customers/{customerId}/add/{offerId}")
    String addToCart(@PathVariable String customerId, @PathVariable String offerId, @RequestParam String skuId,
                     @RequestParam String quantity, @RequestParam String requestId, Model model) {
        Map<String, Object> customer = api.get("/v1/customers/{id}", customerId);
        String country = countryOf(customer);
        Integer seats = parseQuantity(quantity);
        String refusal;
        if (seats == null) {
            refusal = "Enter the number of licenses as a whole number.";
        } else {
            Map<String, Object> eligibility = api.get("/v1/customers/{c}/eligibility?offerId={o}&skuId={s}&quantity={q}",
                    customerId, offerId, skuId, seats);
            refusal = Boolean.TRUE.equals(eligibility.get("eligible")) ? null : explain(eligibility.get("failedRules"));
        }
        if (refusal == null) {
            try {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("catalogItemId", offerId + ":" + skuId + ":" + country);
                line.put("quantity", seats);
                Api.Response cart = api.send(HttpMethod.POST, "/v1/customers/" + customerId + "/carts",
                        Map.of("lineItems", List.of(line)), requestId, null);
                return "redirect:/customers/" + customerId + "/carts/" + cart.body().get("id");
            } catch (ApiProblem problem) {
                refusal = problem.detail();
            }
        }
        model.addAttribute("quantityError", refusal);
        model.addAttribute("chosenSku", skuId);
        model.addAttribute("quantity", quantity);
        return chooseSku(customerId, offerId, model);
    }

    /** The review: each line with its quoted price (today's price in the customer's market) and the total. */
    @GetMapping("/customers/{customerId}/carts/{cartId}")
    String cart(@PathVariable String customerId, @PathVariable String cartId, Model model) {
        Map<String, Object> customer = api.get("/v1/customers/{id}", customerId);
        Map<String, Object> cart = api.get("/v1/customers/{c}/carts/{id}", customerId, cartId);
        List<Map<String, Object>> lines = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        String currency = null;
        for (Object item : (List<?>) cart.getOrDefault("lineItems", List.of())) {
            @SuppressWarnings("unchecked") Map<String, Object> line = new JsonObject((Map<String, Object>) item);
            String[] catalogItem = String.valueOf(line.get("catalogItemId")).split(":");
            Map<String, Object> offer = api.get("/v1/offers/{id}", catalogItem[0]);
            line.put("offer", offer);
            for (Map<String, Object> availability : api.items("/v1/offers/{id}/availabilities?country={c}",
                    catalogItem[0], catalogItem.length > 2 ? catalogItem[2] : countryOf(customer))) {
                if (catalogItem.length > 1 && catalogItem[1].equals(availability.get("skuId"))) {
                    BigDecimal price = new BigDecimal(String.valueOf(availability.get("unitPrice")));
                    BigDecimal extended = price.multiply(new BigDecimal(String.valueOf(line.get("quantity"))));
                    line.put("availability", availability);
                    line.put("extended", extended);
                    total = total.add(extended);
                    currency = String.valueOf(availability.get("currency"));
                }
            }
            lines.add(line);
        }
        model.addAttribute("customer", customer);
        model.addAttribute("cart", cart);
        model.addAttribute("lines", lines);
        model.addAttribute("total", total);
        model.addAttribute("currency", currency);
        return "cart";
    }

    @PostMapping("/customers/{customerId}/carts/{cartId}/checkout")
    String checkout(@PathVariable String customerId, @PathVariable String cartId, @RequestParam String requestId,
                    Model model) {
        try {
            Api.Response placed = api.send(HttpMethod.POST,
                    "/v1/customers/" + customerId + "/carts/" + cartId + "/checkout", null, requestId, null);
            List<?> orders = (List<?>) placed.body().get("orders");
            Map<?, ?> order = (Map<?, ?>) orders.get(0);
            return "redirect:/customers/" + customerId + "/orders/" + order.get("id");
        } catch (ApiProblem problem) {
            model.addAttribute("problem", problem);
            model.addAttribute("lineErrors", problem.body().get("lineErrors"));
            return cart(customerId, cartId, model);
        }
    }

    /** The order: lines with their status (provisioning) and activation links, refreshed while any line is pending. */
    @GetMapping("/customers/{customerId}/orders/{orderId}")
    String order(@PathVariable String customerId, @PathVariable String orderId, Model model) {
        Map<String, Object> order = api.get("/v1/customers/{c}/orders/{o}", customerId, orderId);
        Map<Object, Map<String, Object>> status = new LinkedHashMap<>();
        for (Map<String, Object> line : api.items("/v1/customers/{c}/orders/{o}/provisioningstatus", customerId, orderId)) {
            status.put(String.valueOf(line.get("lineItemNumber")), line);
        }
        Map<Object, Object> links = new LinkedHashMap<>();
        for (Map<String, Object> link : api.items("/v1/customers/{c}/orders/{o}/activationlinks", customerId, orderId)) {
            links.put(String.valueOf(link.get("lineItemNumber")), ((Map<?, ?>) link.get("link")).get("uri"));
        }
        boolean pending = status.values().stream().anyMatch(s -> "prefulfillment_pending".equals(s.get("status")))
                || status.size() < ((List<?>) order.getOrDefault("lineItems", List.of())).size();
        model.addAttribute("customer", api.get("/v1/customers/{id}", customerId));
        model.addAttribute("order", order);
        model.addAttribute("status", status);
        model.addAttribute("links", links);
        model.addAttribute("pending", pending);
        return "order";
    }

    static String countryOf(Map<String, Object> customer) {
        Map<?, ?> billing = (Map<?, ?>) customer.get("billingProfile");
        Map<?, ?> address = billing == null ? null : (Map<?, ?>) billing.get("defaultAddress");
        return address == null ? null : String.valueOf(address.get("country"));
    }

    private static String explain(Object failedRules) {
        List<String> reasons = new ArrayList<>();
        if (failedRules instanceof List<?> list) {
            for (Object rule : list) {
                if (rule instanceof Map<?, ?> map) {
                    reasons.add(String.valueOf(map.get("description")));
                }
            }
        }
        return reasons.isEmpty() ? "Not eligible" : String.join(" ", reasons);
    }

    private static Integer parseQuantity(String value) {
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException | NullPointerException e) {
            return null;
        }
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Map<String, Object> mapOf(String key, Object value) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(key, value);
        return map;
    }
}
