"""A stand-in for synapse_sdk's AgentClient plugin-release methods (PluginClientMixin), making the same
requests the same way: the agent token alone in Authorization, JSON bodies, DRF pages followed through
`next` when list_all is set. Standard library only."""

import json
import urllib.error
import urllib.request


class ClientError(Exception):
    def __init__(self, status, body):
        super().__init__("HTTP %s: %s" % (status, body))
        self.status = status
        self.body = body


class AgentClient:
    def __init__(self, base_url, agent_token, timeout=120):
        self.base_url = base_url.rstrip("/") + "/"
        self.agent_token = agent_token
        self.timeout = timeout
        self.pages_fetched = 0

    def _request(self, method, path, data=None):
        url = path if path.startswith("http") else self.base_url + path
        body = None if data is None else json.dumps(data).encode()
        req = urllib.request.Request(url, data=body, method=method)
        req.add_header("Authorization", self.agent_token)
        req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as res:
                raw = res.read()
        except urllib.error.HTTPError as e:
            raw = e.read()
            raise ClientError(e.code, json.loads(raw) if raw else None) from None
        return json.loads(raw) if raw else None

    def _list(self, path, params=None, list_all=False):
        query = "&".join("%s=%s" % (k, v) for k, v in (params or {}).items())
        url = path + ("?" + query if query else "")
        page = self._request("GET", url)
        self.pages_fetched += 1
        if not list_all:
            return page
        results = list(page["results"])
        while page["next"]:
            page = self._request("GET", page["next"])
            self.pages_fetched += 1
            results.extend(page["results"])
        return results, page["count"]

    def list_plugin_releases(self, params=None, list_all=False):
        return self._list("plugin_releases/", params, list_all)

    def get_plugin_release(self, lookup):
        return self._request("GET", "plugin_releases/%s" % lookup)

    def create_plugin_release(self, plugin, version):
        return self._request("POST", "plugin_releases/", {"plugin": plugin, "version": version})

    def delete_plugin_release(self, lookup):
        return self._request("DELETE", "plugin_releases/%s" % lookup)

    def run_plugin_release(self, lookup, action=None, params=None, data=None, requirements=None, job_id=None):
        if data is None:
            data = {"action": action}
            if params is not None:
                data["params"] = params
            if requirements is not None:
                data["requirements"] = requirements
            if job_id is not None:
                data["job_id"] = job_id
        return self._request("POST", "plugin_releases/%s/run/" % lookup, data)

    def run_debug_plugin_release(self, action, params=None, plugin_path=None, config=None, modules=None,
                                 requirements=None, job_id=None):
        data = {"action": action}
        for name, value in (("params", params), ("plugin_path", plugin_path), ("config", config),
                            ("modules", modules), ("requirements", requirements), ("job_id", job_id)):
            if value is not None:
                data[name] = value
        return self._request("POST", "plugin_releases/run_debug/", data)
