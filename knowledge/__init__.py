"""Knowledge exchange: posts, replies, capitalization products, the library and search."""
