namespace ConformanceKit.Client;

/// <summary>Every compute URL the kit calls, spelled once. Paths are relative to the compute endpoint (…/v2.1).</summary>
public static class NovaUrls
{
    public static Uri Join(Uri endpoint, string relative) => new(endpoint.ToString().TrimEnd('/') + "/" + relative.TrimStart('/'));

    /// <summary>The version document of the endpoint itself: GET {endpoint}/.</summary>
    public const string VersionDocument = "";
    public const string Servers = "servers";
    public const string ServersDetail = "servers/detail";
    public const string Flavors = "flavors";
    public const string Images = "images";
    public const string Services = "os-services";
    public const string FloatingIps = "os-floating-ips";
    public const string FloatingIpPools = "os-floating-ip-pools";
    public const string SecurityGroups = "os-security-groups";
    public static string FloatingIp(string id) => $"os-floating-ips/{Uri.EscapeDataString(id)}";
    public static string SecurityGroup(string id) => $"os-security-groups/{Uri.EscapeDataString(id)}";
    public static string Image(string id) => $"images/{Uri.EscapeDataString(id)}";
    public static string ServerInterfaces(string id) => $"servers/{Uri.EscapeDataString(id)}/os-interface";
    public static string Server(string id) => $"servers/{Uri.EscapeDataString(id)}";
    public static string ServerAction(string id) => $"servers/{Uri.EscapeDataString(id)}/action";
    public static string ServersNamed(string namePattern, bool allProjects) =>
        $"servers/detail?name={Uri.EscapeDataString(namePattern)}{(allProjects ? "&all_tenants=1" : "")}";
    public static string Service(string id) => $"os-services/{Uri.EscapeDataString(id)}";
    public static string ComputeServices(string host) => $"os-services?binary=nova-compute&host={Uri.EscapeDataString(host)}";
}
