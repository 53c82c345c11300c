-- wrk script: each request submits a new nomination through the JSON API.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [[{
  "category": "best-resource",
  "nominator": {"name": "Nora Nominator", "email": "nora@example.org", "organisation": "Pain Association"},
  "nominee": {"name": "The Fatigue Toolkit", "email": "toolkit@example.org", "locality": "Leeds"},
  "answers": {
    "resource_type": "Booklet or leaflet",
    "resource_description": "A booklet that helps people pace their energy through the day.",
    "getting_and_using": "Free from GP surgeries and as a download.",
    "made_with_people": "Written with people living with chronic fatigue and their carers.",
    "difference_made": "Readers tell us they plan their week better and feel more in control."
  },
  "submit": true
}]]
