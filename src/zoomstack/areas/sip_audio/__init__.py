"""SIP Connected Audio: a master account's SIP trunks, internal numbers and call-out countries,
and their assignment to sub-accounts."""
