// The reader of provider profiles (`*.yaml` with `skyplan-provider: 1`), the
// built-in set compiled from resources/providers, and the loading of the
// profiles a topology names. Every problem is a finding with file:line:col,
// and a malformed profile is refused whole: a price half-read is worse than
// none, because the placement would trust it.
#include "provider.h"

#include "quantity.h"
#include "topology.h"
#include "yamltree.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>

namespace sky {

const std::vector<std::pair<std::string_view, std::string_view>> &builtinProviderData(); // generated

std::string_view regionStatusName(RegionStatus s)
{
    switch (s) {
    case RegionStatus::Active:
        return "active";
    case RegionStatus::Closing:
        return "closing";
    case RegionStatus::Closed:
        return "closed";
    }
    return {};
}

const Region *ProviderProfile::region(std::string_view id) const
{
    for (const Region &r : regions)
        if (r.id == id)
            return &r;
    return nullptr;
}

const Offering *ProviderProfile::offering(std::string_view id) const
{
    for (const Offering &o : offerings)
        if (o.id == id)
            return &o;
    return nullptr;
}

std::string ProviderProfile::regionIds() const
{
    std::string s;
    for (const Region &r : regions)
        s += (s.empty() ? "" : ", ") + r.id;
    return s;
}

std::string ProviderProfile::offeringIds(std::string_view type) const
{
    std::string s;
    for (const Offering &o : offerings)
        if (std::find(o.types.begin(), o.types.end(), type) != o.types.end())
            s += (s.empty() ? "" : ", ") + o.id;
    return s.empty() ? std::string("none") : s;
}

namespace {

constexpr const char *kRule = "SP-PROVIDER";

class ProfileReader
{
public:
    ProfileReader(const std::string &file, ProviderProfile &p, std::vector<Diagnostic> &out)
        : m_file(file), m_p(p), m_out(out)
    {}

    bool read(const YamlNode *root);

private:
    void error(const YamlNode *at, std::string message)
    {
        m_out.push_back({Severity::Error, kRule, std::move(message), "fix the provider profile at the position shown", {},
                         m_file, at ? at->loc : SourceLoc{}});
        m_ok = false;
    }
    bool text(const YamlNode *n, std::string &out, const std::string &what)
    {
        if (!n->isScalar() || n->scalar.empty()) {
            error(n, what + " must be text");
            return false;
        }
        out = n->scalar;
        return true;
    }
    bool texts(const YamlNode *n, std::vector<std::string> &out, const std::string &what)
    {
        if (!n->isSequence()) {
            error(n, what + " must be a list");
            return false;
        }
        for (const YamlNode *item : n->items)
            if (std::string s; text(item, s, "an item of " + what))
                out.push_back(s);
        return true;
    }
    // A price: a number that is not negative.
    bool price(const YamlNode *n, double &out, const std::string &what)
    {
        const Value v = n->isScalar() && !n->quoted ? resolvePlainScalar(n->scalar) : Value();
        if (!v.isNumber() || !std::isfinite(v.toDouble())) {
            error(n, what + " must be a number (a price in " + (m_p.currency.empty() ? "the profile's currency" : m_p.currency) + ")");
            return false;
        }
        if (v.toDouble() < 0) {
            error(n, what + " is negative (" + n->scalar + "); prices are refused below zero");
            return false;
        }
        out = v.toDouble();
        return true;
    }
    // A price for every region (a number) or per region (a map).
    void prices(const YamlNode *n, std::map<std::string, double> &out, const std::string &what)
    {
        if (n->isScalar()) {
            double p = 0;
            if (price(n, p, what))
                for (const Region &r : m_p.regions)
                    out[r.id] = p;
            return;
        }
        if (!n->isMap()) {
            error(n, what + " must be a price, or a map of region to price");
            return;
        }
        for (const auto &[k, v] : n->entries) {
            if (!m_p.region(k->scalar)) {
                error(k, what + ": unknown region '" + k->scalar + "' (regions: " + m_p.regionIds() + ")");
                continue;
            }
            double p = 0;
            if (price(v, p, what + " in " + k->scalar))
                out[k->scalar] = p;
        }
    }
    void unknown(const YamlNode *k, const std::string &where, const char *known)
    {
        error(k, "unknown field '" + k->scalar + "' in " + where + " (known: " + known + ")");
    }

    void readRegion(const YamlNode *key, const YamlNode *value, const std::vector<std::string> &certs,
                    const std::vector<std::string> &platforms);
    void readOffering(const YamlNode *key, const YamlNode *value);
    void readTransfer(const YamlNode *n);

    const std::string &m_file;
    ProviderProfile &m_p;
    std::vector<Diagnostic> &m_out;
    bool m_ok = true;
};

void ProfileReader::readRegion(const YamlNode *key, const YamlNode *value, const std::vector<std::string> &certs,
                               const std::vector<std::string> &platforms)
{
    Region r;
    r.id = key->scalar;
    r.certifications = certs;
    r.platforms = platforms;
    const std::string what = "region '" + r.id + "'";
    if (!isValidId(r.id))
        error(key, "invalid region id '" + r.id + "'");
    if (!value->isMap()) {
        error(value, what + " must be a mapping");
        return;
    }
    for (const auto &[k, v] : value->entries) {
        const std::string &f = k->scalar;
        if (f == "label")
            text(v, r.label, what + ": label");
        else if (f == "country")
            text(v, r.country, what + ": country");
        else if (f == "jurisdiction")
            text(v, r.jurisdiction, what + ": jurisdiction");
        else if (f == "closes")
            text(v, r.closes, what + ": closes");
        else if (f == "certifications") {
            r.certifications.clear();
            texts(v, r.certifications, what + ": certifications");
        } else if (f == "platforms") {
            r.platforms.clear();
            texts(v, r.platforms, what + ": platforms");
        } else if (f == "status") {
            std::string s;
            if (!text(v, s, what + ": status"))
                continue;
            if (s == "active")
                r.status = RegionStatus::Active;
            else if (s == "closing")
                r.status = RegionStatus::Closing;
            else if (s == "closed")
                r.status = RegionStatus::Closed;
            else
                error(v, what + ": status must be active, closing or closed, not '" + s + "'");
        } else {
            unknown(k, what, "label, country, jurisdiction, status, closes, certifications, platforms");
        }
    }
    if (r.status != RegionStatus::Active && r.closes.empty())
        error(key, what + " is " + std::string(regionStatusName(r.status)) + " but has no 'closes' date");
    if (r.jurisdiction.empty())
        error(key, what + " needs a 'jurisdiction' (EU, US, …): residency policies judge by it");
    m_p.regions.push_back(std::move(r));
}

void ProfileReader::readOffering(const YamlNode *key, const YamlNode *value)
{
    Offering o;
    o.id = key->scalar;
    const std::string what = "offering '" + o.id + "'";
    if (!value->isMap()) {
        error(value, what + " must be a mapping");
        return;
    }
    const YamlNode *hourly = nullptr, *vcpuMonth = nullptr, *gibMonth = nullptr;
    for (const auto &[k, v] : value->entries) {
        const std::string &f = k->scalar;
        if (f == "label") {
            text(v, o.label, what + ": label");
        } else if (f == "types") {
            texts(v, o.types, what + ": types");
        } else if (f == "vcpu") {
            price(v, o.vcpu, what + ": vcpu");
        } else if (f == "memory") {
            const auto bytes = v->isScalar() ? parseSize(v->scalar) : std::nullopt;
            if (!bytes)
                error(v, what + ": memory must be a size, like 8GiB");
            else
                o.memoryGiB = double(*bytes) / double(1ull << 30);
        } else if (f == "hourly") {
            hourly = v;
            prices(v, o.hourly, what + ": hourly");
        } else if (f == "vcpu-month") {
            vcpuMonth = v;
            price(v, o.vcpuMonth, what + ": vcpu-month");
        } else if (f == "gib-month") {
            gibMonth = v;
            price(v, o.gibMonth, what + ": gib-month");
        } else if (f == "regions") {
            std::vector<std::string> ids;
            texts(v, ids, what + ": regions");
            for (const std::string &id : ids) {
                if (!m_p.region(id))
                    error(v, what + ": unknown region '" + id + "' (regions: " + m_p.regionIds() + ")");
                o.hourly[id] = 0; // a sized offering's regions; replaced below
            }
        } else if (f == "storage-gb-month") {
            prices(v, o.storageGbMonth, what + ": storage-gb-month");
        } else if (f == "source") {
            text(v, o.source, what + ": source");
        } else if (f == "date") {
            text(v, o.date, what + ": date");
        } else {
            unknown(k, what, "label, types, vcpu, memory, hourly, vcpu-month, gib-month, regions, storage-gb-month, "
                             "source, date");
        }
    }
    if (o.types.empty())
        error(key, what + " needs 'types', the catalog types it serves");
    o.sized = vcpuMonth || gibMonth;
    if (o.sized && hourly)
        error(key, what + " has both 'hourly' and 'vcpu-month'/'gib-month': give one kind of price");
    else if (!o.sized && !hourly)
        error(key, what + " has no price: give 'hourly' (per region), or 'vcpu-month' and 'gib-month'");
    if (o.sized && o.hourly.empty()) // a sized offering without 'regions' is offered everywhere
        for (const Region &r : m_p.regions)
            o.hourly[r.id] = 0;
    if (m_p.offering(o.id))
        error(key, "duplicate offering '" + o.id + "'");
    m_p.offerings.push_back(std::move(o));
}

void ProfileReader::readTransfer(const YamlNode *n)
{
    if (!n->isMap()) {
        error(n, "transfer must map internet, inter-region and out to prices per GB");
        return;
    }
    bool internet = false, inter = false, out = false;
    for (const auto &[k, v] : n->entries) {
        if (k->scalar == "internet")
            internet = price(v, m_p.transfer.internet, "transfer: internet");
        else if (k->scalar == "inter-region")
            inter = price(v, m_p.transfer.interRegion, "transfer: inter-region");
        else if (k->scalar == "out")
            out = price(v, m_p.transfer.out, "transfer: out");
        else
            unknown(k, "transfer", "internet, inter-region, out");
    }
    if (!internet || !inter || !out)
        error(n, "transfer needs a price per GB for each of internet, inter-region and out");
}

bool ProfileReader::read(const YamlNode *root)
{
    if (!root || !root->isMap()) {
        error(root, "a provider profile is a mapping starting with 'skyplan-provider: 1'");
        return false;
    }
    const YamlNode *version = root->get("skyplan-provider");
    if (!version || !version->isScalar() || version->scalar != "1") {
        error(version ? version : root, "a provider profile starts with 'skyplan-provider: 1'");
        return false;
    }
    // Regions first: offerings price per region and name them.
    std::vector<std::string> certs, platforms;
    if (const YamlNode *c = root->get("certifications"))
        texts(c, certs, "certifications");
    if (const YamlNode *p = root->get("platforms"))
        texts(p, platforms, "platforms");
    if (const YamlNode *cur = root->get("currency"))
        text(cur, m_p.currency, "currency");
    const YamlNode *regions = root->get("regions");
    if (!regions || !regions->isMap() || regions->entries.empty())
        error(regions ? regions : root, "a profile needs 'regions', a map of region id to its facts");
    else
        for (const auto &[k, v] : regions->entries)
            readRegion(k, v, certs, platforms);
    bool hasTransfer = false, hasPrices = false;
    for (const auto &[k, v] : root->entries) {
        const std::string &f = k->scalar;
        if (f == "skyplan-provider" || f == "regions" || f == "certifications" || f == "platforms" || f == "currency")
            continue;
        if (f == "id") {
            text(v, m_p.id, "id");
            if (!m_p.id.empty() && !isValidId(m_p.id))
                error(v, "invalid provider id '" + m_p.id + "'");
        } else if (f == "label") {
            text(v, m_p.label, "label");
        } else if (f == "prices") {
            hasPrices = true;
            if (!v->isMap()) {
                error(v, "prices must be {source: ..., date: YYYY-MM-DD}");
                continue;
            }
            for (const auto &[pk, pv] : v->entries)
                if (pk->scalar == "source")
                    text(pv, m_p.priceSource, "prices: source");
                else if (pk->scalar == "date")
                    text(pv, m_p.priceDate, "prices: date");
                else
                    unknown(pk, "prices", "source, date");
        } else if (f == "transfer") {
            hasTransfer = true;
            readTransfer(v);
        } else if (f == "offerings") {
            if (!v->isMap())
                error(v, "offerings must be a map of size id to its types and prices");
            else
                for (const auto &[ok, ov] : v->entries)
                    readOffering(ok, ov);
        } else {
            unknown(k, "the profile", "skyplan-provider, id, label, currency, prices, certifications, platforms, "
                                      "regions, offerings, transfer");
        }
    }
    if (m_p.id.empty())
        error(root, "a profile needs an 'id'");
    if (m_p.currency.size() != 3)
        error(root, "a profile needs 'currency', a three-letter code such as USD");
    if (!hasPrices || m_p.priceSource.empty() || m_p.priceDate.empty())
        error(root, "a profile needs 'prices: {source: ..., date: ...}': where its prices come from and when");
    if (!hasTransfer)
        error(root, "a profile needs 'transfer' prices (internet, inter-region, out)");
    return m_ok;
}

} // namespace

bool readProviderProfile(std::string_view text, const std::string &fileName, ProviderProfile &out,
                         std::vector<Diagnostic> &diagnostics)
{
    out = ProviderProfile{};
    out.file = fileName;
    YamlLimits limits;
    limits.maxBytes = 16u << 20;
    const std::size_t before = diagnostics.size();
    const auto doc = parseYaml(text, fileName, diagnostics, limits);
    if (!doc || diagnostics.size() > before)
        return false;
    return ProfileReader(fileName, out, diagnostics).read(doc->root());
}

const std::vector<std::pair<std::string_view, std::string_view>> &builtinProviderFiles()
{
    return builtinProviderData();
}

std::vector<std::string> builtinProviderIds()
{
    std::vector<std::string> ids;
    for (const auto &[name, text] : builtinProviderFiles())
        ids.emplace_back(name.substr(0, name.rfind('.')));
    return ids;
}

bool ProviderSet::add(ProviderProfile profile)
{
    if (find(profile.id))
        return false;
    m_profiles.push_back(std::make_shared<const ProviderProfile>(std::move(profile)));
    return true;
}

const ProviderProfile *ProviderSet::find(std::string_view id) const
{
    for (const auto &p : m_profiles)
        if (p->id == id)
            return p.get();
    return nullptr;
}

std::string ProviderSet::ids() const
{
    std::string s;
    for (const auto &p : m_profiles)
        s += (s.empty() ? "" : ", ") + p->id;
    return s;
}

namespace {

std::string joinNames(const std::vector<std::string> &names)
{
    std::string s;
    for (const std::string &n : names)
        s += (s.empty() ? "" : ", ") + n;
    return s;
}

} // namespace

ProviderSet loadProviders(const std::vector<std::string> &names, const std::string &topologyPath,
                          std::vector<Diagnostic> &diagnostics, const SourceMap *sources)
{
    namespace fs = std::filesystem;
    ProviderSet set;
    const SourceLoc loc = sources ? sources->find("top/providers") : SourceLoc{};
    const auto refuse = [&](const std::string &message, StaticText hint) {
        diagnostics.push_back({Severity::Error, kRule, message, hint, {}, topologyPath, loc});
    };
    for (const std::string &name : names) {
        ProviderProfile profile;
        const bool isFile = name.ends_with(".yaml") || name.ends_with(".yml");
        if (!isFile) {
            const auto &files = builtinProviderFiles();
            const auto it = std::find_if(files.begin(), files.end(), [&](const auto &f) {
                return f.first.substr(0, f.first.rfind('.')) == name;
            });
            if (it == files.end()) {
                refuse("unknown provider '" + name + "' (built-in: " + joinNames(builtinProviderIds())
                           + "; a team's own profile is a .yaml file beside the topology)",
                       "name a built-in profile or a profile file");
                continue;
            }
            if (!readProviderProfile(it->second, "builtin:" + std::string(it->first), profile, diagnostics))
                continue;
        } else {
            std::error_code ec;
            const fs::path folder = fs::weakly_canonical(fs::absolute(fs::path(topologyPath), ec).parent_path(), ec);
            const fs::path rel(name);
            const bool climbs = std::any_of(rel.begin(), rel.end(), [](const fs::path &p) { return p == ".."; });
            const fs::path resolved = fs::weakly_canonical(folder / rel, ec);
            const auto [end, _] = std::mismatch(folder.begin(), folder.end(), resolved.begin(), resolved.end());
            if (rel.is_absolute() || climbs || ec || end != folder.end()) {
                refuse("provider profile '" + name + "' is outside the topology's folder; refused",
                       "keep a team's profiles beside the topology, named relative to it");
                continue;
            }
            std::string text, error;
            if (!readFile(resolved.string(), text, error, 16u << 20)) {
                refuse("provider profile '" + name + "': " + error, "check the path");
                continue;
            }
            if (!readProviderProfile(text, resolved.string(), profile, diagnostics))
                continue;
        }
        const std::string id = profile.id;
        if (!set.add(std::move(profile)))
            refuse("provider '" + id + "' is named twice", "name each profile once");
    }
    return set;
}

} // namespace sky
