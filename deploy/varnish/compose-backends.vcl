# docker-compose.yml: every `web` replica (`docker compose up --scale web=N`),
# found by the service's name in Docker's DNS and re-resolved as replicas come
# and go (vmod_dynamic ships in the official varnish image), each probed on
# /livez and taken in turn.
import dynamic;

# The `front` network holds only Varnish and the web replicas. Its gateway is
# where published-port traffic (visitors) appears from: never a purger.
acl purgers {
    "172.30.0.0"/24;
    ! "172.30.0.1";
}

sub vcl_init {
    new web = dynamic.director(port = "8000", probe = live, ttl = 10s);
}

sub portal_backend {
    set req.backend_hint = web.backend("web");
}
