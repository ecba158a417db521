"""A real Flask MethodView, resolved by MethodViewResolver without Flask's dispatch."""

from flask.views import MethodView


class PetsView(MethodView):
    def get(self, petId=None, limit=100):
        if petId is None:
            return [{"name": "get", "limit": limit}]
        return {"name": "get", "petId": petId}

    def post(self, body):
        return {"name": "post", "body": body}

    def put(self, petId, body):
        return {"name": "put", "petId": petId, "body": body}
