# The Digipoort node. `docker build .` gives the node image; `--target init` the one-shot image that creates
# what every node of a cluster shares (docker-compose.yml runs both).
#
#   build    the .NET SDK restores and publishes src/Node (Release)
#   base     the ASP.NET Core runtime with the published node, as a non-root user
#   init     base + openssl + scripts/cluster-shared.sh: the shared PKI, blob key file and receipt certificate
#   node     base, started as a node (the default target, so it comes last)

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# The project files first: restoring is the slow part, and this layer stays cached until a dependency changes.
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Actors/Digipoort.Actors.csproj src/Actors/
COPY src/Api/Digipoort.Api.csproj src/Api/
COPY src/Node/Digipoort.Node.csproj src/Node/
RUN dotnet restore src/Node/Digipoort.Node.csproj
COPY cluster.hocon ./
COPY src/ src/
RUN dotnet publish src/Node/Digipoort.Node.csproj -c Release -o /app --no-restore --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS base
WORKDIR /app
COPY --from=build /app ./
# /data: this node's own folder (catalogue, the SQLite journal of a single node); /shared: what all nodes share.
# Created here and owned by the app user, so that fresh named volumes mounted on them are writable by it.
RUN mkdir -p /data /shared && chown "$APP_UID:$APP_UID" /data /shared
ENV Digipoort__DataDirectory=/data \
    Urls="http://0.0.0.0:8080;https://0.0.0.0:8443" \
    Digipoort__Cluster__Hostname=0.0.0.0 \
    Digipoort__Cluster__Port=4053
USER $APP_UID
VOLUME ["/data"]

FROM base AS init
USER root
RUN apt-get update \
    && apt-get install -y --no-install-recommends openssl \
    && rm -rf /var/lib/apt/lists/*
COPY scripts/cluster-shared.sh /usr/local/bin/cluster-shared.sh
RUN chmod 0755 /usr/local/bin/cluster-shared.sh
USER $APP_UID
ENTRYPOINT ["/usr/local/bin/cluster-shared.sh", "/shared", "dotnet", "/app/Digipoort.Node.dll"]

FROM base AS node
# 8080: plain HTTP (health, OpenAPI, demo recipient); 8443: mutual TLS (REST API, WUS, /ops); 4053: Akka.Remote.
EXPOSE 8080 8443 4053
# The runtime image has no curl: bash asks /health/ready itself.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health/ready HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["dotnet", "/app/Digipoort.Node.dll"]
