// libFuzzer target: the provider profile reader on arbitrary bytes, then a
// placement and a cost report of a small design over what it read. Must
// never crash, hang or leak; a profile that reads must hold no negative or
// non-finite price (the reader refuses those).
#include "catalog.h"
#include "costreport.h"
#include "placement.h"
#include "provider.h"
#include "topology.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    sky::ProviderProfile profile;
    std::vector<sky::Diagnostic> found;
    if (!sky::readProviderProfile(text, "fuzz.yaml", profile, found))
        return 0;
    for (const sky::Offering &o : profile.offerings)
        for (const auto &[region, price] : o.hourly)
            if (!(price >= 0) || !std::isfinite(price))
                std::abort();
    sky::ProviderSet set;
    set.add(profile);
    sky::Topology t;
    for (const char *type : {"web_server", "app_server", "database", "block_storage"}) {
        sky::Node n;
        n.id = std::string("n-") + type;
        n.type = type;
        t.nodes.emplace(n.id, n);
    }
    sky::Link l;
    l.from = {"n-web_server", "out"};
    l.to = {"n-app_server", "in"};
    l.traffic = 10;
    t.links.push_back(l);
    const sky::PlacementModel model(t, sky::Catalog::builtin(), set);
    sky::PlaceOptions options;
    options.method = sky::PlaceOptions::Method::Expansion;
    const sky::PlaceResult r = sky::place(model, options);
    if (r.feasible && r.lowerBound > r.cost * (1 + 1e-9) + 1e-9)
        std::abort(); // a bound above the cost it bounds
    (void)sky::costReport(model);
    return 0;
}
